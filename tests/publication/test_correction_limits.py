"""Correction requests cannot be used to flood an agency (security review 2026-12, finding 3): a
few per address per hour and per item per day, refused with 429 and nothing written; an identical
request gets the number it already has; the publication officer closes an obvious abuse request as
such (logged, no open task left), and nobody else may."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from sanxiang.catalog.actions.policy import set_policy
from sanxiang.core import ratelimit
from sanxiang.core.errors import NotAllowed, NotVisible, WrongState
from sanxiang.publication import actions, corrections, queries
from sanxiang.publication.models import Correction, CorrectionState
from sanxiang.recordlog.models import Entry
from tests.cases.conftest import MONDAY
from tests.fingerprint import database_fingerprint, log_size
from tests.publication.conftest import purge_committed
from tests.publication.test_browser_withdrawal_task import _published as published_on_the_spot
from tests.world import World


def form(n: int = 0, **changes: str) -> dict[str, str]:
    data = {
        "requester": "王某",
        "contact": f"1390000{n:04d}",
        "request": f"当事人名称有误（第{n}条）",
        "evidence": "营业执照复印件",
    }
    return {**data, **changes}


def post(client: Any, record: Any, data: dict[str, str], address: str = "203.0.113.5") -> Any:
    return client.post(f"/publication/item/{record.pk}/correction/", data, REMOTE_ADDR=address)


def test_the_fourth_request_from_one_address_in_an_hour_gets_429_and_writes_nothing(
    world: World, published: Any, client: Any
) -> None:
    record = published()
    for n in range(3):
        answer = post(client, record, form(n))
        assert answer.status_code == 200 and 'id="tracking"' in answer.content.decode()
    before, entries = database_fingerprint(), log_size()
    refused = post(client, record, form(3))
    page = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert 'data-code="correction_client_limit"' in page and "3" in page
    assert database_fingerprint() == before and log_size() == entries
    assert Correction.objects.filter(record=record).count() == 3
    # Another address may still ask; the hour after, this one may again.
    assert post(client, record, form(4), address="198.51.100.9").status_code == 200
    with time_machine.travel(MONDAY + dt.timedelta(hours=1, minutes=1), tick=False):
        assert post(client, record, form(5)).status_code == 200


def test_an_item_takes_ten_requests_a_day_from_all_addresses_together(
    world: World, published: Any, client: Any
) -> None:
    record = published()
    other = published()
    for n in range(10):
        assert post(client, record, form(n), address=f"192.0.2.{n + 1}").status_code == 200
    before, entries = database_fingerprint(), log_size()
    refused = post(client, record, form(10), address="192.0.2.200")
    assert refused.status_code == 429 and 'data-code="correction_item_limit"' in refused.content.decode()
    assert "10" in refused.content.decode()
    assert database_fingerprint() == before and log_size() == entries
    # Other items are not affected; the next day this one takes requests again.
    assert post(client, other, form(11), address="192.0.2.201").status_code == 200
    with time_machine.travel(MONDAY + dt.timedelta(days=1, minutes=1), tick=False):
        assert post(client, record, form(12), address="192.0.2.202").status_code == 200


def test_the_per_item_limit_is_a_policy_setting(world: World, published: Any, client: Any) -> None:
    set_policy(
        actor=world.user("admin"),
        key="publication.correction_item_per_day",
        target=world.agency,
        value=1,
        reason="测试",
    )
    record = published()
    assert post(client, record, form(0), address="192.0.2.1").status_code == 200
    assert post(client, record, form(1), address="192.0.2.2").status_code == 429


def test_an_identical_request_gets_the_same_number_and_uses_no_allowance(
    world: World, published: Any, client: Any
) -> None:
    record = published()
    first = corrections.request_correction(record=record, data=form(0))
    entries = log_size()
    for _ in range(5):  # more than the hourly allowance: a resend is not a new request
        again = post(client, record, form(0))
        assert again.status_code == 200
        assert first.tracking_number in again.content.decode()
    assert Correction.objects.filter(record=record).count() == 1 and log_size() == entries
    # A different text from the same contact is a new request.
    assert corrections.request_correction(record=record, data=form(0, request="罚款数额有误")) != first


def test_the_client_address_comes_from_x_forwarded_for_only_behind_trusted_proxies(
    rf: Any, settings: Any
) -> None:
    forged = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    settings.TRUSTED_PROXIES = 0
    assert ratelimit.client_ip(forged) == "10.0.0.2"  # the default: the header is not believed
    settings.TRUSTED_PROXIES = 1
    assert ratelimit.client_ip(forged) == "203.0.113.5"  # what our proxy saw, not what was forged
    settings.TRUSTED_PROXIES = 2
    assert ratelimit.client_ip(forged) == "1.2.3.4"
    junk = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>")
    assert ratelimit.client_ip(junk) == "10.0.0.2"


def test_behind_a_proxy_a_forged_header_does_not_buy_a_new_allowance(
    world: World, published: Any, client: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = 1
    record = published()
    for n in range(3):
        forged = f"10.9.9.{n}, 203.0.113.5"
        answer = client.post(
            f"/publication/item/{record.pk}/correction/",
            form(n),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forged,
        )
        assert answer.status_code == 200
    refused = client.post(
        f"/publication/item/{record.pk}/correction/",
        form(9),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="10.9.9.99, 203.0.113.5",
    )
    assert refused.status_code == 429


def test_only_the_items_publication_officer_may_close_as_abuse(world: World, published: Any) -> None:
    record = published()
    correction = corrections.request_correction(record=record, data=form(0))
    entries = log_size()
    with pytest.raises(NotAllowed):
        corrections.close_as_abuse(
            actor=world.user("officer"), correction=correction, data={"reason": "刷屏"}
        )
    with pytest.raises(NotAllowed):
        corrections.close_as_abuse(actor=world.user("head"), correction=correction, data={"reason": "刷屏"})
    with pytest.raises(NotVisible):
        corrections.close_as_abuse(
            actor=world.user("other_head"), correction=correction, data={"reason": "刷屏"}
        )
    assert log_size() == entries
    closed = corrections.close_as_abuse(
        actor=world.user("publisher"), correction=correction, data={"reason": "刷屏"}
    )
    assert closed.state == CorrectionState.ABUSE and closed.handled_at is not None
    with pytest.raises(WrongState):
        corrections.close_as_abuse(
            actor=world.user("publisher"), correction=correction, data={"reason": "再次"}
        )
    with pytest.raises(WrongState):
        actions.handle_correction(
            actor=world.user("publisher"), correction=correction, data={"accept": "0", "response": "x"}
        )
    entry = Entry.objects.get(kind="publication.correction_closed_as_abuse")
    assert entry.actor_id == world.user("publisher").pk
    assert not queries.open_corrections(world.user("publisher")).filter(pk=correction.pk).exists()


def test_closing_as_abuse_from_the_page_and_the_api_is_refused_to_others(
    world: World, published: Any, client_as: Any
) -> None:
    record = published()
    correction = corrections.request_correction(record=record, data=form(0))
    data = {"state": record.state, "correction": correction.pk, "reason": "广告"}
    url = f"/publication/record/{record.pk}/close-correction/"
    assert client_as("officer").post(url, data).status_code == 403
    assert client_as("other_head").post(url, data).status_code == 404
    api = f"/api/v1/publication/records/{record.pk}/corrections/{correction.pk}/abuse"
    body = {"state": record.state, "reason": "广告"}
    assert client_as("officer").post(api, body, content_type="application/json").status_code == 403
    assert client_as("other_head").post(api, body, content_type="application/json").status_code == 404
    correction.refresh_from_db()
    assert correction.state == CorrectionState.OPEN
    done = client_as("publisher").post(api, body, content_type="application/json")
    assert done.status_code == 200
    assert [c["state"] for c in done.json()["corrections"]] == ["abuse"]
    # Not on the public item page, but the requester can follow it by number.
    client = client_as("publisher")
    client.logout()
    status = client.get(f"/publication/correction/?n={correction.tracking_number}").content.decode()
    assert "已作为滥用请求关闭" in status and "广告" in status


@pytest.fixture
def committed_cases(transactional_db: Any) -> Any:
    yield
    purge_committed()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_publication_officer_closes_an_abuse_request_in_the_browser(
    world: World, committed_cases: Any, page: Any, login_page: Any
) -> None:
    with time_machine.travel(MONDAY, tick=True):
        record = published_on_the_spot(world)
        spam = corrections.request_correction(record=record, data=form(0, request="加微信领红包"))
        real = corrections.request_correction(record=record, data=form(1))
        login_page("publisher")
        page.goto(f"/publication/record/{record.pk}/")
        item = page.locator(f'#corrections li[data-number="{spam.tracking_number}"]')
        item.locator("form.close-abuse input[name=reason]").fill("广告刷屏，与本决定无关")
        with page.expect_navigation():
            item.locator("form.close-abuse button").click()
        assert not page.locator(".error-box").count()
        item = page.locator(f'#corrections li[data-number="{spam.tracking_number}"]')
        assert item.get_attribute("data-state") == "abuse"
        assert "已作为滥用请求关闭" in item.inner_text() and "广告刷屏" in item.inner_text()
        assert not item.locator("form").count()
        other = page.locator(f'#corrections li[data-number="{real.tracking_number}"]')
        assert other.get_attribute("data-state") == "open" and other.locator("form.close-abuse").count()
        page.goto("/publication/workbench/")
        listed = page.locator("#corrections").inner_text()
        assert real.tracking_number in listed and spam.tracking_number not in listed
    entry = Entry.objects.get(kind="publication.correction_closed_as_abuse", subject_id=str(record.pk))
    assert entry.actor_id == world.user("publisher").pk
    spam.refresh_from_db()
    assert spam.state == CorrectionState.ABUSE and spam.response == "广告刷屏，与本决定无关"
