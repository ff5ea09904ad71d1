"""Reads of documents, scoped like cases (deny by default)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanxiang.cases.models import Case
from sanxiang.cases.queries import cases_for_user
from sanxiang.catalog.models import Agency
from sanxiang.documents.kinds import DocumentKind, kinds_for
from sanxiang.documents.models import Document, DocumentTemplate, TemplateFormat


def documents_of_case(case: Case) -> QuerySet[Document]:
    return (
        Document.objects.filter(case=case)
        .select_related("issued_by", "pdf", "docx", "superseded_by")
        .order_by("kind", "serial", "-version")
    )


def documents_for_user(user: Any) -> QuerySet[Document]:
    return Document.objects.filter(case__in=cases_for_user(user)).select_related(
        "case", "case__agency", "pdf", "docx", "issued_by"
    )


def document_for_user(user: Any, pk: int) -> Document:
    try:
        return documents_for_user(user).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def issuable_kinds(case: Case) -> list[DocumentKind]:
    return kinds_for(case.procedure, case.state)


def current_template(agency: Agency, kind: str, fmt: str) -> DocumentTemplate | None:
    return (
        DocumentTemplate.objects.filter(agency=agency, kind=kind, format=fmt)
        .order_by("-uploaded_at", "-id")
        .first()
    )


def template_history(agency: Agency) -> QuerySet[DocumentTemplate]:
    return (
        DocumentTemplate.objects.filter(agency=agency)
        .select_related("uploaded_by")
        .order_by("kind", "format", "-uploaded_at", "-id")
    )


def current_records(case: Case) -> set[str]:
    """Records of ``cases.records`` that the case's issued, not superseded documents stand for."""
    from sanxiang.documents.kinds import KINDS

    names = set()
    for code in Document.objects.filter(case=case, superseded_at__isnull=True).values_list("kind", flat=True):
        kind = KINDS.get(code)
        if kind is not None and kind.record:
            names.add(kind.record)
    return names


__all__ = ["TemplateFormat"]
