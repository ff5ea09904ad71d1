"""The pages through Django's test client: the case panel for each role, the forms' refusals with
their code and nothing written, the catalogue managed by the head and published to the public."""

from __future__ import annotations

from sanxiang.legal_review.models import Catalogue, ReviewRound
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE


def test_the_panel_walks_a_round(world, major_case, client_as):
    case = major_case()
    page = client_as("officer").get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="legal-review"' in body and 'data-major="true"' in body and 'data-rule="fine"' in body
    assert client_as("officer").post(f"/review/case/{case.pk}/submit/", {"note": NOTE}).status_code == 302
    head = client_as("head")
    assert (
        head.post(f"/review/case/{case.pk}/assign/", {"reviewer": world.user("reviewer").pk}).status_code
        == 302
    )
    reviewer = client_as("reviewer")
    assert "legal-review-checklist" in reviewer.get(f"/cases/{case.pk}/").content.decode()
    before = database_fingerprint()
    bad = {f"answer_{n}": "pass" for n in range(1, 11)} | {"answer_6": "fail"}
    refused = reviewer.post(f"/review/case/{case.pk}/answers/", bad)
    assert refused.status_code == 400 and "checklist_comment" in refused.content.decode()
    assert database_fingerprint() == before  # the nine good answers were not written either
    good = bad | {"answer_6": "pass"}
    assert reviewer.post(f"/review/case/{case.pk}/answers/", good).status_code == 302
    assert (
        reviewer.post(f"/review/case/{case.pk}/opinion/", {"opinion": "agree", "text": "同意"}).status_code
        == 302
    )
    assert ReviewRound.objects.get(case=case).passed
    queue = client_as("head").get("/review/")
    assert queue.status_code == 200


def test_the_catalogue_is_edited_by_the_head_and_published(world, client, client_as):
    public = client.get(f"/review/catalogue/{world.agency.pk}/")
    assert public.status_code == 200 and "100000" in public.content.decode()
    assert client_as("officer").get(f"/review/catalogue/{world.agency.pk}/edit/").status_code == 403
    head = client_as("head")
    saved = head.post(
        f"/review/catalogue/{world.agency.pk}/edit/",
        {
            "penalty_kinds": ["closure", "licence_revocation"],
            "fine_organisation": "50000",
            "many_parties": "0",
        },
    )
    assert saved.status_code == 302
    row = Catalogue.objects.get(agency=world.agency)
    assert row.penalty_kinds == ["closure", "licence_revocation"] and row.fine_organisation == 50000
    assert not row.hearing_held
    before = database_fingerprint()
    bad = head.post(
        f"/review/catalogue/{world.agency.pk}/edit/", {"fine_organisation": "-1", "many_parties": "0"}
    )
    assert bad.status_code == 400 and database_fingerprint() == before
    page = client.get(f"/review/catalogue/{world.agency.pk}/").content.decode()
    assert "50000" in page and 'data-kind="closure"' in page and 'data-rule="hearing_held"' not in page
