"""The inbox: a message is sent once per recipient and dedup key, each send and each first reading
is on the record log, only its recipient sees or marks it, the page lists unread first and newest
first, the navigation badge counts the unread, and the API answers the same."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.core.errors import DomainError, NotVisible
from sanxiang.inbox import actions
from sanxiang.inbox.models import Message
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def send(world, who="reviewer", key="k1", at=T0, **kw):
    values = {"kind": "legal_review.overdue", "subject": "第1轮法制审核已逾期", "link": "/review/"} | kw
    return actions.send(recipient=world.user(who), dedup_key=key, agency_id=world.agency.pk, at=at, **values)


def test_it_sends_once_per_recipient_and_key(world):
    first = send(world)
    assert first is not None and first.read_at is None
    assert send(world) is None
    assert send(world, who="head") is not None  # the same key for someone else is another message
    assert Message.objects.count() == 2
    (entry, _other) = Entry.objects.filter(kind="inbox.sent").order_by("seq")
    assert entry.payload["recipient_id"] == world.user("reviewer").pk
    assert entry.payload["dedup_key"] == "k1" and entry.agency_id == world.agency.pk


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("link", {"link": "//evil.example/x"}),
        ("link", {"link": "https://evil.example/"}),
        ("kind", {"kind": "Not A Kind"}),
        ("subject", {"subject": "  "}),
    ],
)
def test_it_refuses_a_bad_message_and_writes_nothing(world, field, values):
    before = database_fingerprint()
    with pytest.raises(DomainError) as refused:
        send(world, **values)
    assert refused.value.field == field
    assert database_fingerprint() == before


def test_only_the_recipient_marks_it_read_once(world):
    message = send(world)
    before = database_fingerprint()
    with pytest.raises(NotVisible):
        actions.mark_read(actor=world.user("head"), message=message)
    assert database_fingerprint() == before
    read = actions.mark_read(actor=world.user("reviewer"), message=message, at=T0 + dt.timedelta(hours=1))
    assert read.read_at == T0 + dt.timedelta(hours=1)
    again = actions.mark_read(actor=world.user("reviewer"), message=message, at=T0 + dt.timedelta(hours=2))
    assert again.read_at == T0 + dt.timedelta(hours=1)
    assert Entry.objects.filter(kind="inbox.read").count() == 1


def test_the_page_lists_unread_first_then_newest_and_the_badge_counts(world, client_as):
    old_unread = send(world, key="a", at=T0, subject="旧的未读")
    new_read = send(world, key="b", at=T0 + dt.timedelta(days=2), subject="新的已读")
    new_unread = send(world, key="c", at=T0 + dt.timedelta(days=1), subject="新的未读")
    send(world, who="head", key="d", subject="负责人的消息")
    actions.mark_read(actor=world.user("reviewer"), message=new_read)
    client = client_as("reviewer")
    page = client.get("/inbox/").content.decode()
    order = [page.index(f'data-message="{m.pk}"') for m in (new_unread, old_unread, new_read)]
    assert order == sorted(order)
    assert "负责人的消息" not in page
    assert 'data-unread="2"' in page  # the badge in the navigation
    workbench = client.get("/accounts/").content.decode()
    assert 'class="badge" data-unread="2"' in workbench


def test_opening_a_message_marks_it_read_and_follows_its_link(world, client_as):
    message = send(world, link="/review/")
    response = client_as("reviewer").post(f"/inbox/{message.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/review/"
    message.refresh_from_db()
    assert message.read_at is not None
    page = client_as("reviewer").get("/inbox/").content.decode()
    assert "data-unread=" not in page.split("</header>")[0]


def test_another_person_s_message_does_not_exist_for_them(world, client_as):
    message = send(world)
    client = client_as("head")
    before = database_fingerprint()
    assert client.post(f"/inbox/{message.pk}/read/", {"open": "1"}).status_code == 404
    assert database_fingerprint() == before


def test_the_api_lists_and_marks_one_s_own_messages(world, client_as, client):
    mine = send(world)
    other = send(world, who="head", key="x")
    assert client.get("/api/v1/inbox/messages").status_code == 401
    api = client_as("reviewer")
    listed = api.get("/api/v1/inbox/messages").json()
    assert listed["unread"] == 1 and [m["id"] for m in listed["messages"]] == [mine.pk]
    assert listed["messages"][0]["link"] == "/review/" and listed["messages"][0]["read_at"] is None
    assert api.post(f"/api/v1/inbox/messages/{other.pk}/read").status_code == 404
    answer = api.post(f"/api/v1/inbox/messages/{mine.pk}/read")
    assert answer.status_code == 200 and answer.json()["read_at"] is not None
    assert api.get("/api/v1/inbox/messages").json()["unread"] == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_a_bare_post_marks_nothing(world, client_as):
    message = send(world)
    client = client_as("reviewer")
    before = database_fingerprint()
    response = client.post(f"/inbox/{message.pk}/read/")
    assert response.status_code == 400 and 'data-code="inbox_read_how"' in response.content.decode()
    assert database_fingerprint() == before
    assert client.post(f"/inbox/{message.pk}/read/", {"read": "1"}).status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None
