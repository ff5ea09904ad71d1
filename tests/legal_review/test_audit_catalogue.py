"""The catalogue's rules the audit found missing (legal-rules C-11): a fine outside the discretion
benchmark grade's range, and a dispute marked by the officers, each edited by the head, published on
the portal and applied by the gate."""

from __future__ import annotations

from sanxiang.legal_review import actions, queries
from sanxiang.legal_review.models import Catalogue, Escalation
from tests.api import make_benchmark
from tests.legal_review.test_audit_core import refused
from tests.legal_review.test_review_flow import decide


def save(world, **flags):
    return actions.save_catalogue(
        actor=world.user("head"),
        agency=world.agency,
        data={"penalty_kinds": [], "many_parties": "0", "suspected_crime": True, **flags},
    )


def test_a_reduced_fine_outside_the_grade_is_major_and_gated(world, major_case, act, clock):
    grade = make_benchmark(world.agency).grades.get(grade="lighter")  # ¥5,000 to ¥20,000
    case = major_case(fine="3000", benchmark_grade=grade.pk)
    save(world, outside_benchmark=True)
    assert case.benchmark_grade_id == grade.pk
    act(case, "serve_prior_notice", records=["prior_notice"])
    assert [m["rule"] for m in queries.classifications(case).last().matched] == ["outside_benchmark"]
    act(case, "waive_rights", records=["waiver"])
    error = refused(lambda: decide(act, case, fine="3000"), "legal_review_required")
    assert error.citation


def test_a_fine_inside_the_grade_is_not_major(world, major_case, act, clock):
    grade = make_benchmark(world.agency).grades.get(grade="lighter")
    save(world, outside_benchmark=True)
    case = major_case(fine="8000", benchmark_grade=grade.pk)
    save(world, outside_benchmark=True)
    act(case, "serve_prior_notice", records=["prior_notice"])
    assert not queries.is_major(case)
    act(case, "waive_rights", records=["waiver"])
    decide(act, case, fine="8000")
    assert case.state == "decided"


def test_a_dispute_is_marked_only_where_the_catalogue_lists_it(world, major_case):
    case = major_case(fine="5000")
    save(world, dispute=False)
    refused(
        lambda: actions.escalate(
            actor=world.user("officer"),
            case=case,
            data={"ground": "dispute", "reason": "当事人对违法事实有异议"},
        ),
        "ground_not_in_catalogue",
    )
    assert not queries.is_major(case)
    save(world, dispute=True)
    actions.escalate(
        actor=world.user("officer"), case=case, data={"ground": "dispute", "reason": "当事人对违法事实有异议"}
    )
    assert queries.is_major(case)
    assert Escalation.objects.get(case=case).ground == "dispute"


def test_the_head_edits_the_new_rules_and_the_portal_shows_them(world, client, client_as):
    head = client_as("head")
    page = head.get(f"/review/catalogue/{world.agency.pk}/edit/").content.decode()
    assert 'name="outside_benchmark"' in page and 'name="dispute"' in page
    saved = head.post(
        f"/review/catalogue/{world.agency.pk}/edit/",
        {"penalty_kinds": ["closure"], "many_parties": "0", "outside_benchmark": "on"},
    )
    assert saved.status_code == 302
    row = Catalogue.objects.get(agency=world.agency)
    assert row.outside_benchmark and not row.dispute
    public = client.get(f"/review/catalogue/{world.agency.pk}/").content.decode()
    assert 'data-rule="outside_benchmark"' in public


def test_a_caller_unaware_of_the_new_rules_keeps_them(world):
    """An older client (or the API before it names them) saving the rest leaves the new rules as
    they were: an absent field is not an unticked box."""
    row = actions.save_catalogue(actor=world.user("head"), agency=world.agency, data={"many_parties": "0"})
    assert row.dispute and not row.outside_benchmark
    save(world, outside_benchmark=True, dispute=False)
    row = actions.save_catalogue(actor=world.user("head"), agency=world.agency, data={"many_parties": "0"})
    assert row.outside_benchmark and not row.dispute
