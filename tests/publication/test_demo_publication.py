"""The demo county's decisions are published on time two days after each decision, the latest penalty
is left past its deadline for the workbench, short periods are over, and a second run changes nothing."""

from __future__ import annotations

from sanxiang.accounts.demo_data import ensure_demo
from sanxiang.publication import queries
from sanxiang.publication.demo import ensure_demo_publication
from sanxiang.publication.models import Record
from sanxiang.recordlog.models import Entry


def test_the_demo_publishes_its_decisions_on_time(db):
    ensure_demo()
    assert ensure_demo_publication() == 5
    records = list(Record.objects.order_by("decided_on"))
    states = [record.state for record in records]
    assert states.count("draft") == 1 and records[-1].state == "draft"  # the latest penalty
    done = [record for record in records if record.state in {"published", "expired"}]
    assert len(done) == 5 and all(record.on_time for record in done)
    assert "expired" in states  # a 3-month period (lower-amount fine) is over by today
    published = Entry.objects.filter(kind="publication.published").order_by("seq")
    assert [entry.payload["on_time"] for entry in published] == [True] * 5
    # Found on the portal by a 2-character term, and none of the drafts is.
    found = set(queries.search(queries.parse_search({"q": "许可"})).values_list("pk", flat=True))
    assert found and found <= {record.pk for record in records if record.state == "published"}
    assert ensure_demo_publication() == 0
    assert list(Record.objects.order_by("decided_on").values_list("state", flat=True)) == states
