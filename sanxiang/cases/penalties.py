"""Penalties as values: what was proposed, notified and decided, how two compare (处罚法 Art. 45),
and the late-payment surcharge (Arts. 72, 73). Pure functions, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sanxiang.cases.enums import PenaltyKind

CENT = Decimal("0.01")
SURCHARGE_RATE = Decimal("0.03")  # 处罚法 Art. 72 ¶1(1): 每日按罚款数额的百分之三加处罚款

# 处罚法 Art. 63: kinds that give the party the right to a hearing whatever the amount. Confiscation
# counts when its value reaches the fine threshold ("没收较大数额违法所得、没收较大价值非法财物").
HEARING_KINDS = frozenset(
    {
        PenaltyKind.QUALIFICATION_LOWERED,
        PenaltyKind.LICENCE_SUSPENSION,
        PenaltyKind.LICENCE_REVOCATION,
        PenaltyKind.ACTIVITY_RESTRICTION,
        PenaltyKind.SUSPENSION,
        PenaltyKind.CLOSURE,
        PenaltyKind.EMPLOYMENT_RESTRICTION,
    }
)
# Rough order of severity (Art. 9 lists kinds from light to heavy), used to tell whether a decision
# adds a heavier kind than was notified.
SEVERITY = {kind: rank for rank, kind in enumerate(PenaltyKind)}


@dataclass(frozen=True)
class Penalty:
    kinds: tuple[str, ...] = ()
    fine: Decimal | None = None
    confiscation_value: Decimal | None = None
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Penalty:
        if not data:
            return cls()
        fine = data.get("fine")
        value = data.get("confiscation_value")
        return cls(
            kinds=tuple(data.get("kinds") or ()),
            fine=Decimal(fine) if fine not in (None, "") else None,
            confiscation_value=Decimal(value) if value not in (None, "") else None,
            detail=data.get("detail") or "",
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "kinds": list(self.kinds),
            "fine": str(self.fine) if self.fine is not None else None,
            "confiscation_value": str(self.confiscation_value)
            if self.confiscation_value is not None
            else None,
            "detail": self.detail,
        }

    @property
    def empty(self) -> bool:
        return not self.kinds

    def is_heavier_than(self, other: Penalty) -> bool:
        """True if this penalty adds a kind ``other`` lacks (other than a lighter one replacing a
        heavier), or a larger fine or confiscation than ``other``."""
        for kind in self.kinds:
            if kind not in other.kinds and SEVERITY[PenaltyKind(kind)] > max(
                (SEVERITY[PenaltyKind(k)] for k in other.kinds), default=-1
            ):
                return True
        if (self.fine or 0) > (other.fine or 0):
            return True
        return (self.confiscation_value or 0) > (other.confiscation_value or 0)

    def describe(self) -> str:
        labels = [str(PenaltyKind(k).label) for k in self.kinds]
        if self.fine is not None and PenaltyKind.FINE in self.kinds:
            labels = [
                f"{label}{self.fine}元" if k == PenaltyKind.FINE else label
                for k, label in zip(self.kinds, labels, strict=True)
            ]
        return "、".join(labels)


def late_surcharge(
    fine: Decimal, due: dt.date, on: dt.date, paused: Iterable[tuple[dt.date, dt.date]] = ()
) -> Decimal:
    """The surcharge owed on ``on`` for a fine due on ``due`` (处罚法 Art. 72): 3 % of the *fine*
    for every day after ``due`` up to and including ``on`` — never of fine plus surcharge, so it does
    not compound — capped at the fine itself. Days inside a ``paused`` interval (both ends included:
    administrative review or litigation pending, Art. 73 ¶3) do not count."""
    if fine <= 0 or on <= due:
        return Decimal("0.00")
    late = set()
    day = due + dt.timedelta(days=1)
    while day <= on:
        late.add(day)
        day += dt.timedelta(days=1)
    for start, end in paused:
        late = {d for d in late if not (start <= d <= end)}
    amount = (fine * SURCHARGE_RATE * len(late)).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(amount, fine.quantize(CENT))
