"""The demo's sealed electronic case file: the demo's closed general-procedure case
(``accounts.demo_data``) gets the photo, audio clip and video its officers took during the
investigation (attached to that act, stamped on its day) and is then sealed and archived, so a
newcomer opens its case page and finds a complete, verifiable file to download.

Its official documents were issued at each step while ``accounts.demo_data`` replayed the case, dated
at the steps' moments, so the sealed file holds them too. Idempotent: a run after the first finds the case
archived and does nothing; an interrupted run is finished where it stopped."""

from __future__ import annotations

import datetime as dt

from sanxiang.casefiles.actions import archive_case
from sanxiang.casefiles.completeness import is_final
from sanxiang.cases.models import Case
from sanxiang.evidence.demo import add_demo_evidence
from sanxiang.evidence.models import Evidence

# The demo's closed general case, found by its title (``accounts.demo_data._general_closed``).
TITLE = "青溪县惠民副食品商店有限公司经营超过保质期的食品案"
PLACE = "青溪县城关镇解放路18号经营场所"


def ensure_demo_case_file() -> Case | None:
    """Seal the demo's closed general case with its evidence; None when the demo has no such case."""
    case = Case.objects.filter(title=TITLE, procedure="general").select_related("agency").first()
    if case is None or not is_final(case) or case.archived_at is not None:
        return case
    investigation = case.acts.filter(act="start_investigation").select_related("actor").first()
    filing = case.acts.filter(act="file").select_related("actor").first()
    if investigation is None or filing is None:
        return case
    if not Evidence.objects.filter(case=case).exists():
        add_demo_evidence(
            case,
            investigation.actor,
            at=investigation.occurred_at + dt.timedelta(hours=1),
            step=str(investigation.pk),
            place=PLACE,
        )
    archive_case(actor=filing.actor, case=case)
    case.refresh_from_db()
    return case
