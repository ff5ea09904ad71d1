"""Fault injection (issue 11, security review test 6): a real server process killed with SIGKILL
mid-upload and mid-burst of writes leaves nothing partial once it is started again.

The server is ``sanxiang runserver --noreload`` in a subprocess with its own data folder (SQLite
file, blob store) under tmp_path; it cannot see the test's transaction, so its data is built by a
``sanxiang shell`` script (the suite's small world) and the officer signs in over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import connection

from tests.world import PASSWORD

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the server under test always runs on its own SQLite file; once per suite run is enough",
)

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, "-m", "sanxiang"]
UPLOAD_SIZE = 50 * 1024 * 1024
BOUNDARY = "sanxiang-crash-boundary"

# One process (each start of Django costs seconds): migrate, the world, a case to upload to, and a
# signed checkpoint so that verify later checks a signed head and a tail only seconds old.
SETUP = """
import json
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.world import build_world
from sanxiang.cases.actions import open_case
from sanxiang.recordlog import actions as recordlog, signing
world = build_world()
case = open_case(
    actor=world.user("officer"),
    agency=world.agency,
    data={"procedure": "general", "title": "crash test case", "source": "complaint"},
    officer_ids=[world.officers[0].pk, world.officers[1].pk],
)
signing.ensure_dev_key()
recordlog.make_checkpoint()
print(json.dumps({"case": case.pk, "officers": [world.officers[0].pk, world.officers[1].pk]}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [*MANAGE, "runserver", f"127.0.0.1:{self.port}", "--noreload", "--skip-checks"],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if requests.get(f"{self.url}/accounts/login/", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError("the server did not start:\n" + self.log.read_text())

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        assert self.process.returncode == -signal.SIGKILL

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def _sign_in(server: Server) -> requests.Session:
    session = requests.Session()
    session.get(f"{server.url}/accounts/login/", timeout=10)
    response = session.post(
        f"{server.url}/accounts/login/",
        data={
            "username": "officer",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text
    session.headers["X-CSRFToken"] = str(session.cookies["csrftoken"])
    return session


def _cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql))


def _temporaries(data: Path) -> list[Path]:
    folder = data / "blobs" / "tmp"
    return sorted(folder.iterdir()) if folder.exists() else []


def _blob_files(data: Path) -> list[Path]:
    store = data / "blobs" / "sha256"
    return sorted(p for p in store.rglob("*") if p.is_file()) if store.exists() else []


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[dict[str, Any]]:
    data = tmp_path / "data"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SANXIANG_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'sanxiang.sqlite3'}",
        "BLOB_ROOT": str(data / "blobs"),
        "SANXIANG_MODE": "dev",
        "PYTHONUNBUFFERED": "1",
    }
    built = subprocess.run(
        [*MANAGE, "shell", "-c", SETUP],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    facts = json.loads(built.stdout.strip().splitlines()[-1])
    server = Server(env, tmp_path / "server.log")
    yield {"data": data, "env": env, "server": server, "db": data / "sanxiang.sqlite3", **facts}
    server.stop()


def _start_upload(server: Server, session: requests.Session, case_id: int) -> http.client.HTTPConnection:
    """Send the head of a 50 MB multipart upload with its full Content-Length, and stream the body
    until the server's temporary file has grown; the rest is never sent."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nphysical\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("POST", f"/api/v1/evidence/cases/{case_id}/items")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    conn.putheader("Content-Length", str(len(head) + UPLOAD_SIZE + len(tail)))
    conn.putheader("Cookie", _cookie_header(session))
    conn.putheader("X-CSRFToken", str(session.cookies["csrftoken"]))
    conn.endheaders()
    conn.send(head)
    return conn


def test_a_killed_server_leaves_nothing_partial(installation: dict[str, Any]) -> None:
    data, db, server = installation["data"], installation["db"], installation["server"]
    server.start()
    session = _sign_in(server)

    counts_before = _rows(
        db,
        "select (select count(*) from evidence_evidence), (select count(*) from evidence_blob),"
        " (select count(*) from recordlog_entry)",
    )
    blobs_before = _blob_files(data)

    # 1. Kill the server in the middle of a 50 MB upload, once its temporary file has grown.
    conn = _start_upload(server, session, installation["case"])
    chunk = os.urandom(1024 * 1024)
    sent = 0
    grown = False
    while sent < UPLOAD_SIZE // 2:
        conn.send(chunk)
        sent += len(chunk)
        partial = [p for p in _temporaries(data) if p.name.startswith("upload-")]
        if sent >= 10 * len(chunk) and partial and partial[0].stat().st_size >= 4 * len(chunk):
            grown = True
            break
    deadline = time.monotonic() + 10
    while not grown and time.monotonic() < deadline:
        partial = [p for p in _temporaries(data) if p.name.startswith("upload-")]
        grown = bool(partial) and partial[0].stat().st_size >= 4 * len(chunk)
        time.sleep(0.05)
    assert grown, "the upload's temporary file never grew"
    server.kill()
    conn.close()
    left = [p for p in _temporaries(data) if p.name.startswith("upload-")]
    assert len(left) == 1 and left[0].stat().st_size > 0  # the crash left a partial file ...
    assert (
        _rows(
            db,
            "select (select count(*) from evidence_evidence), (select count(*) from evidence_blob),"
            " (select count(*) from recordlog_entry)",
        )
        == counts_before
    )

    # 2. Restart (the start-up sweep runs), then kill the server during a burst of case creations.
    server.start()
    assert _temporaries(data) == []  # ... and the restarted server removed it
    session = _sign_in(server)
    acknowledged: list[int] = []
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def create_cases(worker: int) -> None:
        own = requests.Session()
        own.cookies.update(session.cookies)
        own.headers.update(session.headers)
        n = 0
        while not stop.is_set():
            n += 1
            try:
                response = own.post(
                    f"{server.url}/api/v1/cases",
                    json={
                        "procedure": "general",
                        "title": f"burst {worker}-{n}",
                        "source": "complaint",
                        "officer_ids": installation["officers"],
                    },
                    timeout=20,
                )
            except requests.RequestException:
                continue  # the kill: not acknowledged
            if response.status_code == 201:
                with lock:
                    acknowledged.append(int(response.json()["id"]))
            elif response.status_code >= 500 or response.status_code == 400:
                failures.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=create_cases, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 12 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    assert len(acknowledged) >= 12, "too few writes were acknowledged before the kill"

    # 3. Restart and check: nothing partial, every acknowledged write and its log entry present.
    server.start()
    assert _temporaries(data) == []
    assert "removed 0 left-over file(s)" in server.log.read_text()
    assert "removed 1 left-over file(s)" in server.log.read_text()
    server.stop()

    cases = {row[0] for row in _rows(db, "select id from cases_case")}
    assert set(acknowledged) <= cases
    logged = {
        int(row[0])
        for row in _rows(
            db,
            "select subject_id from recordlog_entry where kind = 'case.opened' and subject_type = 'cases.case'",
        )
    }
    assert cases <= logged  # committed cases (acknowledged or not) each have their entry
    evidence, blob_rows, _entries = _rows(
        db, "select (select count(*) from evidence_evidence), (select count(*) from evidence_blob), 0"
    )[0]
    assert (evidence, blob_rows) == counts_before[0][:2]  # no row for the killed upload
    assert _blob_files(data) == blobs_before  # and no blob
    assert _rows(db, "pragma integrity_check") == [("ok",)]

    verified = subprocess.run(
        [*MANAGE, "recordlog", "verify"],
        env=installation["env"],
        cwd=ROOT,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
