"""Property tests of the catalogue rules (pure functions, no database): for any draft, a rule
matches exactly when its condition holds, the simple procedure is never major, a heavier draft is
never less major than a lighter one, and the 2017 pilot option makes every general decision major."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sanxiang.cases.enums import PartyKind, PenaltyKind, ProcedureKind
from sanxiang.cases.penalties import Penalty
from sanxiang.legal_review import rules

amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=10_000_000, places=2))
kinds = st.lists(st.sampled_from([k.value for k in PenaltyKind]), min_size=1, max_size=4, unique=True)
party_kinds = st.frozensets(st.sampled_from([k.value for k in PartyKind]), min_size=1)


@st.composite
def catalogues(draw):
    return rules.Rules(
        review_all=draw(st.booleans()),
        kinds=frozenset(draw(st.lists(st.sampled_from([k.value for k in PenaltyKind]), unique=True))),
        fine_natural_person=draw(st.decimals(min_value=0, max_value=1_000_000, places=2)),
        fine_organisation=draw(st.decimals(min_value=0, max_value=1_000_000, places=2)),
        confiscation_value=draw(amounts),
        hearing_held=draw(st.booleans()),
        many_parties=draw(st.integers(min_value=0, max_value=5)),
        suspected_crime=draw(st.booleans()),
        outside_benchmark=draw(st.booleans()),
        dispute=draw(st.booleans()),
    )


@st.composite
def drafts(draw, procedure=None):
    return rules.Facts(
        procedure=procedure or draw(st.sampled_from([p.value for p in ProcedureKind])),
        penalty=Penalty(kinds=tuple(draw(kinds)), fine=draw(amounts), confiscation_value=draw(amounts)),
        party_kinds=draw(party_kinds),
        parties=draw(st.integers(min_value=1, max_value=6)),
        hearing_held=draw(st.booleans()),
        grounds=frozenset(draw(st.lists(st.sampled_from(list(rules.GROUNDS)), unique=True))),
        benchmark_fine=draw(
            st.one_of(
                st.none(),
                st.tuples(amounts, amounts).map(
                    lambda r: tuple(sorted(r, key=lambda v: (v is None, v or 0)))
                ),
            )
        ),
    )


def matched(catalogue, facts):
    return {m.rule for m in rules.classify(catalogue, facts)}


@given(catalogues(), drafts())
def test_each_rule_matches_exactly_when_its_condition_holds(catalogue, facts):
    found = matched(catalogue, facts)
    if facts.procedure != ProcedureKind.GENERAL:
        assert found == set()
        return
    penalty = facts.penalty
    threshold = min(
        catalogue.fine_natural_person if k == PartyKind.NATURAL_PERSON else catalogue.fine_organisation
        for k in facts.party_kinds
    )
    assert ("review_all" in found) == catalogue.review_all
    assert ("penalty_kind" in found) == bool(set(penalty.kinds) & catalogue.kinds)
    assert ("fine" in found) == (
        penalty.fine is not None and PenaltyKind.FINE in penalty.kinds and penalty.fine >= threshold
    )
    assert ("confiscation" in found) == (
        catalogue.confiscation_value is not None
        and penalty.confiscation_value is not None
        and penalty.confiscation_value >= catalogue.confiscation_value
    )
    assert ("hearing_held" in found) == (catalogue.hearing_held and facts.hearing_held)
    assert ("many_parties" in found) == (
        catalogue.many_parties > 0 and facts.parties >= catalogue.many_parties
    )
    low, high = facts.benchmark_fine or (None, None)
    assert ("outside_benchmark" in found) == (
        catalogue.outside_benchmark
        and facts.benchmark_fine is not None
        and penalty.fine is not None
        and PenaltyKind.FINE in penalty.kinds
        and ((low is not None and penalty.fine < low) or (high is not None and penalty.fine > high))
    )
    expected_grounds = {
        g
        for g in facts.grounds
        if (g != "suspected_crime" or catalogue.suspected_crime) and (g != "dispute" or catalogue.dispute)
    }
    assert {r.removeprefix("ground:") for r in found if r.startswith("ground:")} == expected_grounds
    for match in rules.classify(catalogue, facts):
        assert str(match.citation)  # every rule cites its source


@given(
    catalogues(),
    drafts(procedure=ProcedureKind.GENERAL),
    st.decimals(min_value=0, max_value=1_000_000, places=2),
)
def test_a_larger_fine_is_never_less_major(catalogue, facts, more):
    if facts.penalty.fine is None:
        return
    # Not the benchmark rule: a larger fine may rise from below the benchmark's range (a reduced
    # penalty, major) into it (not major). That rule has its own property below.
    catalogue = dataclasses.replace(catalogue, outside_benchmark=False)
    heavier = rules.Facts(
        procedure=facts.procedure,
        penalty=Penalty(
            kinds=facts.penalty.kinds,
            fine=facts.penalty.fine + more,
            confiscation_value=facts.penalty.confiscation_value,
        ),
        party_kinds=facts.party_kinds,
        parties=facts.parties,
        hearing_held=facts.hearing_held,
        grounds=facts.grounds,
        benchmark_fine=facts.benchmark_fine,
    )
    assert matched(catalogue, facts) <= matched(catalogue, heavier)


@given(catalogues(), drafts(procedure=ProcedureKind.GENERAL))
def test_the_pilot_option_reviews_every_general_decision(catalogue, facts):
    pilot = rules.Rules(**{**catalogue.__dict__, "review_all": True})
    assert rules.classify(pilot, facts)


def test_the_defaults_of_the_digest():
    """legal-rules C-11: ¥10,000 for a natural person, ¥100,000 for an organisation (≥)."""
    catalogue = rules.Rules(
        review_all=False,
        kinds=frozenset(rules.DEFAULT_KINDS),
        fine_natural_person=Decimal("10000"),
        fine_organisation=Decimal("100000"),
        confiscation_value=None,
        hearing_held=True,
        many_parties=3,
        suspected_crime=True,
    )

    def fine(amount, party):
        return rules.Facts(
            procedure="general",
            penalty=Penalty(kinds=("fine",), fine=Decimal(amount)),
            party_kinds=frozenset({party}),
            parties=1,
        )

    assert matched(catalogue, fine("100000", "organisation")) == {"fine"}
    assert matched(catalogue, fine("99999.99", "organisation")) == set()
    assert matched(catalogue, fine("10000", "natural_person")) == {"fine"}
    assert matched(catalogue, fine("9999", "natural_person")) == set()


def test_a_reduced_or_aggravated_fine_outside_the_grade_is_major_only_when_listed():
    listed = rules.Rules(
        review_all=False,
        kinds=frozenset(),
        fine_natural_person=Decimal("1000000"),
        fine_organisation=Decimal("1000000"),
        confiscation_value=None,
        hearing_held=False,
        many_parties=0,
        suspected_crime=True,
        outside_benchmark=True,
    )
    grade = (Decimal("5000"), Decimal("20000"))

    def facts(fine):
        return rules.Facts(
            procedure=ProcedureKind.GENERAL,
            penalty=Penalty(kinds=(PenaltyKind.FINE,), fine=Decimal(fine)),
            party_kinds=frozenset({PartyKind.ORGANISATION}),
            parties=1,
            benchmark_fine=grade,
        )

    assert matched(listed, facts("3000")) == {"outside_benchmark"}  # reduced
    assert matched(listed, facts("30000")) == {"outside_benchmark"}  # aggravated beyond the grade
    assert matched(listed, facts("5000")) == set()
    assert matched(listed, facts("20000")) == set()
    unlisted = rules.Rules(**{**listed.__dict__, "outside_benchmark": False})
    assert matched(unlisted, facts("3000")) == set()


def test_a_dispute_counts_while_the_catalogue_lists_it():
    base = dict(
        review_all=False,
        kinds=frozenset(),
        fine_natural_person=Decimal("1000000"),
        fine_organisation=Decimal("1000000"),
        confiscation_value=None,
        hearing_held=False,
        many_parties=0,
        suspected_crime=True,
    )
    disputed = rules.Facts(
        procedure=ProcedureKind.GENERAL,
        penalty=Penalty(kinds=(PenaltyKind.WARNING,)),
        party_kinds=frozenset({PartyKind.NATURAL_PERSON}),
        parties=1,
        grounds=frozenset({"dispute"}),
    )
    assert matched(rules.Rules(**base), disputed) == {"ground:dispute"}
    assert matched(rules.Rules(**base, dispute=False), disputed) == set()
