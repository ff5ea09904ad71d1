"""The push outbox against a real local HTTP server that fails, times out, then succeeds: the same
idempotency key every time, every attempt recorded, retried with a growing delay."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from sanxiang.core.actions import record_policy_value
from sanxiang.publication import actions, outbox
from sanxiang.publication.models import OutboxMessage, OutboxState


class Platform(BaseHTTPRequestHandler):
    script: list[str] = []
    seen: list[tuple[str, dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Platform.seen.append((self.headers["Idempotency-Key"], body))
        step = Platform.script.pop(0) if Platform.script else "ok"
        if step == "slow":
            time.sleep(1.5)
        code = 500 if step == "fail" else 200
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def platform():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Platform)
    Platform.seen, Platform.script = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/push"
    server.shutdown()
    server.server_close()


def test_a_published_item_is_pushed_after_a_failure_and_a_timeout(world, published, platform, clock):
    record_policy_value(
        actor=world.user("admin"),
        key="publication.push_endpoint",
        scope=f"agency:{world.agency.pk}",
        value=platform,
        reason="测试",
    )
    record = published()
    message = OutboxMessage.objects.get(record=record, event="published")
    Platform.script = ["fail", "slow"]
    assert outbox.push_due(timeout=0.5) == {"sent": 0, "retry": 1, "failed": 0, "skipped": 0}
    assert outbox.push_due(timeout=0.5)["sent"] == 0  # not due yet: the retry waits a minute
    clock.shift(dt.timedelta(minutes=1))
    assert outbox.push_due(timeout=0.5)["retry"] == 1  # timed out
    clock.shift(dt.timedelta(minutes=2))
    assert outbox.push_due(timeout=0.5)["sent"] == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.attempts == 3
    attempts = list(message.attempt_rows.order_by("pk"))
    assert [a.status_code for a in attempts] == [500, None, 200]
    assert "timed out" in attempts[1].error.lower() or "timeout" in attempts[1].error.lower()
    # The platform may have seen the slow request too; every request carried the same key.
    assert {key for key, _ in Platform.seen} == {message.idempotency_key}
    assert Platform.seen[0][1]["sha256"] == record.published_digest


def test_a_withdrawal_is_pushed_without_the_content(world, published, platform):
    record_policy_value(
        actor=world.user("admin"),
        key="publication.push_endpoint",
        scope=f"agency:{world.agency.pk}",
        value=platform,
        reason="测试",
    )
    record = published()
    actions.withdraw(
        actor=world.user("head"),
        record=record,
        data={"ground": "revoked", "reason": "撤销", "ground_on": "2026-03-02"},
    )
    assert outbox.push_due(timeout=2)["sent"] == 2
    withdrawn = next(body for _key, body in Platform.seen if body["event"] == "withdrawn")
    assert withdrawn["reason"] == "撤销" and "text" not in withdrawn


def test_without_an_endpoint_nothing_is_sent_and_messages_wait(world, published):
    published()
    assert outbox.push_due(timeout=0.5) == {"sent": 0, "retry": 0, "failed": 0, "skipped": 1}
    assert OutboxMessage.objects.get().state == OutboxState.PENDING
