"""Public pages of the procedures (执法流程图): the flowchart of each procedure, drawn from the same
table the engine enforces, as an SVG image and on a page listing them. No sign-in; nothing about any
case is shown."""

from __future__ import annotations

from functools import lru_cache

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sanxiang.cases.flowchart import flowchart_svg
from sanxiang.cases.procedures.engine import PROCEDURES

MAX_AGE = 3600


@lru_cache(maxsize=32)
def _svg(kind: str, language: str) -> str:
    # The chart depends only on the procedure table (code) and the language of its labels.
    del language
    return flowchart_svg(PROCEDURES[kind])


@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    procedures = [
        {"kind": kind, "label": procedure.kind.label, "states": len(procedure.states)}
        for kind, procedure in PROCEDURES.items()
    ]
    return render(
        request,
        "cases/public/procedures.html",
        {"title": _("Enforcement flowcharts"), "procedures": procedures},
    )


@require_GET
def procedure_svg(request: HttpRequest, procedure: str) -> HttpResponse:
    if procedure not in PROCEDURES:
        raise Http404
    response = HttpResponse(
        _svg(procedure, get_language() or ""), content_type="image/svg+xml; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
