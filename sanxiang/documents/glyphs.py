"""Characters no installed font can print. Noto CJK covers the common and Ext-A ideographs but only
part of Ext-B (DEPENDENCIES §3a): a rare character in a person's name would print as a blank box
(tofu) in a legal document. Issuing is not refused for it — the document is still due — but the
officer is told which characters to write in by hand or which font the server lacks."""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterable

# Below this every character is in the fonts the project installs (Latin, CJK URO, Ext-A …); above
# it (supplementary planes: CJK Ext-B and later, rare symbols) fontconfig is asked, once per character.
CHECK_FROM = 0x10000


@functools.cache
def _printable(codepoint: int) -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True  # cannot tell: say nothing rather than warn on every rare character
    found = subprocess.run(  # noqa: S603 (a fixed program and a hexadecimal argument)
        [fc_list, f":charset={codepoint:x}", "family"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return bool(found.stdout.strip())


def unprintable(texts: Iterable[str]) -> list[str]:
    """The distinct characters of ``texts`` that no installed font has, in order of appearance."""
    missing: dict[str, None] = {}
    for text in texts:
        for char in str(text):
            if ord(char) >= CHECK_FROM and char not in missing and not _printable(ord(char)):
                missing[char] = None
    return list(missing)
