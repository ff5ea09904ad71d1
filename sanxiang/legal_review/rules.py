"""The catalogue of major decisions as pure rules: ``classify(rules, facts)`` lists which rules a
draft decision matches, each with its source. No database here, so the property tests drive it
directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.enums import PartyKind, PenaltyKind, ProcedureKind
from sanxiang.cases.penalties import Penalty
from sanxiang.legal_review import citations

# legal-rules C-11: the kinds every sampled catalogue lists (licence revocation, suspension or
# closure, occupational restriction, lowering of qualification grade).
DEFAULT_KINDS = (
    PenaltyKind.LICENCE_REVOCATION,
    PenaltyKind.SUSPENSION,
    PenaltyKind.CLOSURE,
    PenaltyKind.EMPLOYMENT_RESTRICTION,
    PenaltyKind.QUALIFICATION_LOWERED,
)
# Grounds an officer may mark (Art. 58 ¶1(1), (3); 118号 §4).
GROUNDS = {
    "public_interest": (_("Major public interest"), citations.ART_58_1_1),
    "complex_facts": (_("Complex facts or several legal relationships"), citations.ART_58_1_3),
    "social_impact": (_("Possible major social impact or risk"), citations.GUIDANCE_118),
    "suspected_crime": (_("A crime is suspected"), citations.CRIME_TRANSFER),
    # legal-rules C-03/issue 6 "many parties or a dispute": the officer marks that the facts are
    # disputed or a party contests them; it counts when the catalogue's ``dispute`` flag is on.
    "dispute": (_("The facts are disputed or a party contests them"), citations.CATALOGUE),
}
# Grounds that count only while their catalogue flag is on (``Rules`` field of the same meaning).
FLAGGED_GROUNDS = {"suspected_crime": "suspected_crime", "dispute": "dispute"}


@dataclass(frozen=True)
class Rules:
    review_all: bool
    kinds: frozenset[str]
    fine_natural_person: Decimal
    fine_organisation: Decimal
    confiscation_value: Decimal | None
    hearing_held: bool
    many_parties: int
    suspected_crime: bool
    # legal-rules C-11 (巩义): a fine outside the range of the case's benchmark grade.
    outside_benchmark: bool = False
    dispute: bool = True


@dataclass(frozen=True)
class Facts:
    procedure: str
    penalty: Penalty
    party_kinds: frozenset[str]
    parties: int
    hearing_held: bool = False
    grounds: frozenset[str] = field(default_factory=frozenset)  # marked by officers
    # (minimum, maximum) fine of the case's discretion benchmark grade; None without a grade.
    benchmark_fine: tuple[Decimal | None, Decimal | None] | None = None


@dataclass(frozen=True)
class Match:
    rule: str
    label: str | Promise
    citation: str | Promise

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "label": str(self.label), "citation": str(self.citation)}


def outside_benchmark(facts: Facts) -> bool:
    """A fine below the grade's minimum (减轻) or above its maximum (从重 beyond the grade)."""
    penalty = facts.penalty
    if facts.benchmark_fine is None or penalty.fine is None or PenaltyKind.FINE not in penalty.kinds:
        return False
    low, high = facts.benchmark_fine
    return (low is not None and penalty.fine < low) or (high is not None and penalty.fine > high)


def classify(rules: Rules, facts: Facts) -> list[Match]:
    """Every rule the draft matches, in catalogue order. The simple procedure is never major
    (Art. 51 decides on the spot; the 2017 pilot option excludes it too)."""
    if facts.procedure != ProcedureKind.GENERAL:
        return []
    found: list[Match] = []
    penalty = facts.penalty
    if rules.review_all and not penalty.empty:
        found.append(
            Match(
                "review_all",
                _("Every decision except the simple procedure is reviewed"),
                citations.GUIDANCE_118,
            )
        )
    heavy = sorted(k for k in penalty.kinds if k in rules.kinds)
    if heavy:
        found.append(
            Match(
                "penalty_kind",
                _("Penalty kind: %(kinds)s") % {"kinds": "、".join(str(PenaltyKind(k).label) for k in heavy)},
                citations.CATALOGUE,
            )
        )
    if penalty.fine is not None and PenaltyKind.FINE in penalty.kinds:
        kinds = facts.party_kinds or frozenset({PartyKind.NATURAL_PERSON})
        # With several parties the lowest threshold of their types applies, as for hearings.
        threshold = min(
            rules.fine_natural_person if k == PartyKind.NATURAL_PERSON else rules.fine_organisation
            for k in kinds
        )
        if penalty.fine >= threshold:
            found.append(
                Match(
                    "fine",
                    _("Fine of at least ¥%(threshold)s") % {"threshold": threshold},
                    citations.CATALOGUE,
                )
            )
    if rules.outside_benchmark and outside_benchmark(facts):
        low, high = facts.benchmark_fine or (None, None)
        found.append(
            Match(
                "outside_benchmark",
                _("Fine outside the benchmark grade's range (¥%(low)s–¥%(high)s): reduced or aggravated")
                % {"low": low if low is not None else "", "high": high if high is not None else ""},
                citations.BENCHMARK,
            )
        )
    value = penalty.confiscation_value
    if rules.confiscation_value is not None and value is not None and value >= rules.confiscation_value:
        found.append(
            Match(
                "confiscation",
                _("Confiscation worth at least ¥%(threshold)s") % {"threshold": rules.confiscation_value},
                citations.CATALOGUE,
            )
        )
    if rules.hearing_held and facts.hearing_held:
        found.append(Match("hearing_held", _("Decided after a hearing"), citations.ART_58_1_2))
    if rules.many_parties and facts.parties >= rules.many_parties:
        found.append(
            Match(
                "many_parties",
                _("%(n)d or more parties") % {"n": rules.many_parties},
                citations.ART_58_1_3,
            )
        )
    for ground in sorted(facts.grounds):
        flag = FLAGGED_GROUNDS.get(ground)
        if flag is not None and not getattr(rules, flag):
            continue
        label, citation = GROUNDS[ground]
        found.append(Match(f"ground:{ground}", label, citation))
    return found
