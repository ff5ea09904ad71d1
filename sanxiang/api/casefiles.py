"""Electronic case file endpoints: the state of a case's file and sealing it.

Reads are scoped like the cases (a case the caller may not see does not exist) and need the
``cases:read`` scope for a token. Sealing is an act of a person (the case's officers or head): the
body carries the case ``version`` the caller last read, so a case changed since is answered 409
``case_changed`` and nothing is written; an unfinished case 409 ``case_not_finished``; an incomplete
file 409 ``casefile_incomplete`` naming what it lacks, with its article."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from sanxiang.api.auth import require_person, require_scope, session_or_token
from sanxiang.api.errors import AUTH_ERRORS
from sanxiang.casefiles import actions, queries
from sanxiang.cases import queries as case_queries
from sanxiang.cases.models import Case

router = Router(tags=["电子案卷 case files"], auth=session_or_token)

READ_CASES = "cases:read"


class MissingOut(Schema):
    name: str
    label: str


class CaseFileOut(Schema):
    case_id: int
    number: str
    state: str
    version: int
    final: bool
    complete: bool
    missing: list[MissingOut]
    archived: bool
    archived_at: dt.datetime | None
    sha256: str | None
    size: int | None
    download_url: str | None


class ArchiveIn(Schema):
    version: int


def _out(case: Case) -> dict[str, Any]:
    status = queries.status(case)
    return {
        "case_id": case.pk,
        "number": case.number,
        "state": case.state,
        "version": case.version,
        "final": status.final,
        "complete": status.archived or status.complete,
        "missing": [{"name": m.name, "label": str(m.label)} for m in status.missing],
        "archived": status.archived,
        "archived_at": case.archived_at,
        "sha256": case.archive_digest or None,
        "size": status.size,
        "download_url": reverse("casefiles:download", args=[case.pk]) if status.archived else None,
    }


@router.get(
    "/cases/{case_id}",
    response={200: CaseFileOut, **AUTH_ERRORS},
    summary="案件电子案卷状态（是否完整、是否已归档）",
)
def casefile_detail(request: HttpRequest, case_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    return _out(case_queries.case_for_user(actor, case_id))


@router.post(
    "/cases/{case_id}/archive", response={200: CaseFileOut, **AUTH_ERRORS}, summary="封存并归档电子案卷"
)
def casefile_archive(request: HttpRequest, case_id: int, payload: ArchiveIn) -> Any:
    actor = require_person(request)
    case = case_queries.case_for_user(actor, case_id)
    archived = actions.archive_case(actor=actor, case=case, expected_version=payload.version)
    return _out(archived.case)
