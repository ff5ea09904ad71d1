"""Redacted renditions of issued documents, for readers who may see a case but not its parties'
personal data (``cases.permissions.can_see_personal_data``: supervisors and administrators).

A redacted rendition is rendered again from the values the document was issued with and the same
templates, with the personal fields masked, and carries a mark on every page saying it is a
de-identified copy. It is made on request and never stored: the sealed original in the blob store,
whose SHA-256 is in the record log, stays the only issued document.

What is masked: the party's identity card number (an organisation's unified social credit code is
public and stays), address and telephone; and, in every other value (facts typed by officers,
answers in an inquiry record), any personal value of the case's parties and anything shaped like a
resident identity card number or a mobile number (个人信息保护法 Arts. 6 and 28; the field list of
G-05, 浙江省行政处罚结果信息网上公开暂行办法)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext, override

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import PERSONAL_FIELDS
from sanxiang.documents import rendering
from sanxiang.documents.kinds import KINDS
from sanxiang.documents.models import Document, DocumentTemplate, TemplateFormat

MASK = "＊＊＊"
# Fields of ``documents.fields`` that hold a party's personal data outright.
PERSONAL_VALUE_FIELDS = ("party_address", "party_phone")
# An 18-character resident identity card number, a 15-digit old one, a mainland mobile number: not
# inside a longer run of letters and digits (a SHA-256 in hex, a credit code).
_SHAPES = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|1[3-9]\d-\d{4}-\d{4})(?![0-9A-Za-z])"
)
MIN_SECRET = 4  # a shorter "address" (e.g. a district name alone) would mask ordinary words


def mark() -> str:
    """The line every redacted rendition carries, in Chinese like the document itself."""
    with override("zh-hans"):
        return gettext("(Personal information in this copy has been de-identified; not the issued original)")


def personal_values(case: Case) -> list[str]:
    """The case's parties' personal values, longest first (an address containing another one is
    masked whole)."""
    found = {
        str(getattr(party, name) or "").strip() for party in case.parties.all() for name in PERSONAL_FIELDS
    }
    return sorted((v for v in found if len(v) >= MIN_SECRET), key=len, reverse=True)


def mask_text(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return _SHAPES.sub(MASK, text)


def reveals(text: str, secrets: Iterable[str]) -> bool:
    """Whether ``text`` holds a personal value of the case or something shaped like one."""
    return any(secret in text for secret in secrets) or bool(_SHAPES.search(text))


def masked_values(document: Document) -> dict[str, Any]:
    secrets = personal_values(document.case)
    public_codes = {p.credit_code for p in document.case.parties.all() if p.credit_code}
    values: dict[str, Any] = {}
    for name, value in document.values.items():
        if not isinstance(value, str) or not value:
            values[name] = value
        elif name in PERSONAL_VALUE_FIELDS:
            values[name] = MASK
        elif name == "party_identifier":
            values[name] = value if value in public_codes else MASK
        else:
            values[name] = mask_text(value, secrets)
    return values


def _template(document: Document, fmt: str) -> DocumentTemplate | None:
    """The agency's template the document was issued with: the issue entry names it."""
    payload = document.log_entry.payload if document.log_entry_id else {}
    ids = payload.get("template_ids") or [] if isinstance(payload, dict) else []
    return DocumentTemplate.objects.filter(pk__in=ids, format=fmt).first()


def redacted_bytes(document: Document, fmt: str) -> bytes:
    """The document's PDF or Word file rendered again with the personal data masked and marked."""
    kind = KINDS[document.kind]
    values = masked_values(document)
    if fmt == "pdf":
        html_template = _template(document, TemplateFormat.HTML)
        source = html_template.body if html_template is not None else None
        return rendering.pdf(rendering.html(kind, values, source, mark=mark()))
    docx_template = _template(document, TemplateFormat.DOCX)
    template_bytes = bytes(docx_template.docx) if docx_template is not None else None
    return rendering.docx(kind, values, template_bytes, mark=mark())
