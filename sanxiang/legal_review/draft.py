"""The draft decision a review passes, and its SHA-256: penalty kinds, amounts and detail, legal
basis and parties. The gate compares the hash of what is decided with the hash of what was reviewed, so any
change after the review voids the pass (处罚法 Art. 58: 未经法制审核…不得作出决定)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from decimal import Decimal
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.penalties import CENT, Penalty


def _amount(value: Decimal | None) -> str | None:
    # 200000 and 200000.00 are the same draft.
    return str(value.quantize(CENT)) if value is not None else None


def _detail(text: str) -> str:
    # Full-width and half-width forms and runs of spaces are the same detail: "停业1个月" and
    # "停业 １ 个月" are one draft, "停业6个月" another.
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def draft_of(case: Case, penalty: Penalty | None = None) -> dict[str, Any]:
    penalty = penalty if penalty is not None else case.penalty("proposed")
    draft: dict[str, Any] = {
        "kinds": sorted(penalty.kinds),
        "fine": _amount(penalty.fine),
        "confiscation_value": _amount(penalty.confiscation_value),
        "legal_basis": case.legal_basis.strip(),
        "parties": sorted(
            [p.kind, p.name, p.id_number or p.credit_code] for p in case.parties.all().order_by("pk")
        ),
    }
    # The detail (how long a suspension lasts, which licence is revoked) is part of the penalty.
    # Kept out when empty so that drafts without one hash as they did before it was added.
    detail = _detail(penalty.detail)
    if detail:
        draft["detail"] = detail
    return draft


def digest(draft: dict[str, Any]) -> str:
    canonical = json.dumps(draft, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
