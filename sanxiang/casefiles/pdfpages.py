"""The page count of a PDF for the catalogue's 页数 column, without a PDF library: the largest
``/Count`` of a ``/Type /Pages`` node, looked for in the file and in its compressed object streams
(WeasyPrint writes the page tree inside them). None when it cannot be read: the catalogue then
shows a dash rather than a guess."""

from __future__ import annotations

import re
import zlib

PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
LIMIT = 50 * 1024 * 1024  # documents are small; anything larger is not counted


def count_pages(pdf: bytes) -> int | None:
    if not pdf.startswith(b"%PDF-") or len(pdf) > LIMIT:
        return None
    counts = [int(a or b) for a, b in PAGES.findall(pdf)]
    for match in STREAM.finditer(pdf):
        try:
            inflated = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        counts.extend(int(a or b) for a, b in PAGES.findall(inflated))
    return max(counts) if counts else None
