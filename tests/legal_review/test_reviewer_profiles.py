"""Reviewer profiles (处罚法 Art. 58 ¶2): the head or an administrator records a legal reviewer's
qualification certificate (number in the issued format, date of grant not in the future); the
assignment of a first-time reviewer reads it; the reviewer sees their own. Pages and API; a refusal
writes nothing."""

from __future__ import annotations

import datetime as dt
import json

from sanxiang.legal_review import actions
from sanxiang.legal_review.models import ReviewerProfile
from sanxiang.legal_review.profiles import reviewers_for, save_profile
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_consultation import signed_in
from tests.legal_review.test_review_flow import refused

GOOD = {"qualification_number": "A20163301000123", "qualified_on": "2016-12-20"}


def put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_the_head_records_a_qualification_and_the_novice_may_then_be_assigned(
    world, major_case, novice, clock
):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    head = world.user("head")
    refused(lambda: actions.assign(actor=head, round=round_, reviewer=novice), "reviewer_not_qualified")
    profile = save_profile(actor=head, user=novice, data=GOOD)
    assert (profile.qualification_number, profile.qualified_on) == ("A20163301000123", dt.date(2016, 12, 20))
    entry = Entry.objects.get(kind="legal_review.profile_saved")
    assert entry.actor_id == head.pk and entry.payload["qualified_on"] == "2016-12-20"
    assert actions.assign(actor=head, round=round_, reviewer=novice).reviewer == novice


def test_bad_numbers_and_dates_are_refused(world, novice, clock):
    head = world.user("head")
    for number in ("12345", "A2016", "D20163301000123", "A20303301000123", "A1999330100012"):
        error = refused(
            lambda n=number: save_profile(actor=head, user=novice, data={"qualification_number": n}),
            "qualification_number_format",
        )
        assert error.field == "qualification_number" and error.citation
    refused(
        lambda: save_profile(actor=head, user=novice, data=GOOD | {"qualified_on": "2026-03-03"}),
        "date_in_future",
    )
    refused(
        lambda: save_profile(actor=head, user=novice, data={"qualified_on": "2016-12-20"}),
        "qualification_number_required",
    )
    refused(
        lambda: save_profile(actor=head, user=novice, data=GOOD | {"qualified_on": "2016-13-01"}),
        "date_format",
    )


def test_only_the_head_or_an_administrator_in_scope_records_it(world, novice, clock):
    for persona in ("officer", "reviewer", "publisher", "supervisor", "other_head"):
        refused(lambda p=persona: save_profile(actor=world.user(p), user=novice, data=GOOD), "not_allowed")
    refused(
        lambda: save_profile(actor=world.user("head"), user=world.user("officer"), data=GOOD), "not_allowed"
    )
    assert save_profile(actor=world.user("county_admin"), user=novice, data=GOOD).qualification_number


def test_who_sees_which_profiles(world, novice):
    reviewers = {world.user("reviewer"), novice}
    assert set(reviewers_for(world.user("head"))) == reviewers
    assert set(reviewers_for(world.user("admin"))) == reviewers
    assert list(reviewers_for(world.user("reviewer"))) == [world.user("reviewer")]
    assert not reviewers_for(world.user("officer")) and not reviewers_for(world.user("other_head"))


def test_the_page_lists_and_edits(world, novice, clock):
    head, reviewer, officer = signed_in(world, "head", "reviewer", "officer")
    page = head.get("/review/reviewers/").content.decode()
    assert f'data-user="{novice.pk}"' in page and page.count('class="reviewer-profile"') == 2
    assert 'data-qualified="false"' in page  # the novice, before the certificate is recorded
    saved = head.post("/review/reviewers/", {"user": novice.pk, **GOOD})
    assert saved.status_code == 302
    assert ReviewerProfile.objects.get(user=novice).qualification_number == "A20163301000123"
    before = database_fingerprint()
    bad = head.post(
        "/review/reviewers/", {"user": novice.pk, "qualification_number": "X1", "qualified_on": ""}
    )
    assert bad.status_code == 400 and 'data-code="qualification_number_format"' in bad.content.decode()
    own = reviewer.get("/review/reviewers/").content.decode()
    assert f'data-user="{world.user("reviewer").pk}"' in own and f'data-user="{novice.pk}"' not in own
    assert 'class="reviewer-profile"' not in own
    other = reviewer.post("/review/reviewers/", {"user": world.user("reviewer").pk, **GOOD})
    assert other.status_code == 403
    assert officer.post("/review/reviewers/", {"user": novice.pk, **GOOD}).status_code == 400
    assert database_fingerprint() == before


def test_the_api_lists_and_saves(world, novice, clock):
    head, reviewer, other_head = signed_in(world, "head", "reviewer", "other_head")
    listed = head.get("/api/v1/review/reviewers").json()
    assert {r["user_id"]: r["qualified"] for r in listed} == {
        world.user("reviewer").pk: True,
        novice.pk: False,
    }
    url = f"/api/v1/review/reviewers/{novice.pk}"
    before = database_fingerprint()
    assert put(reviewer, url, GOOD).status_code == 403
    assert put(other_head, url, GOOD).status_code == 404
    bad = put(head, url, GOOD | {"qualified_on": "2027-01-01"})
    assert bad.status_code == 400 and bad.json()["field"] == "qualified_on"
    assert database_fingerprint() == before
    saved = put(head, url, GOOD)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["qualified"] and saved.json()["qualified_on"] == "2016-12-20"
    assert [r["user_id"] for r in reviewer.get("/api/v1/review/reviewers").json()] == [
        world.user("reviewer").pk
    ]
