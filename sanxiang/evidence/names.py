"""Safe file names: an uploaded name is kept for people to read, never used as a path."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid

MAX_NAME = 200


def safe_name(raw: object) -> str:
    """The last component of ``raw`` with control characters, NUL and separators removed; leading
    dots dropped (no hidden files, no ``..``); at most 200 characters, keeping the extension."""
    text = str(raw or "")
    text = text.replace("\\", "/").split("/")[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = text.strip().lstrip(".").strip()
    if len(text) > MAX_NAME:
        stem, dot, ext = text.rpartition(".")
        text = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else text[:MAX_NAME]
    return text or "file"


def unreadable_upload() -> Invalid:
    """Django refuses a multipart part whose headers pass 1 KB (``MultiPartParserError``), which a
    file name of a few hundred Chinese characters does; the person is told what to change."""
    return Invalid(
        "upload_unreadable",
        _(
            "The upload cannot be read: a file name is too long or the form is damaged. Shorten the file "
            "name (at most %(max)d characters are kept) and upload again."
        )
        % {"max": MAX_NAME},
        field="file",
    )
