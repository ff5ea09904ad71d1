"""Translation helper for the zh_Hans catalogues.

  .venv/bin/python scripts/po.py todo                 # list untranslated or fuzzy msgids per .po
  .venv/bin/python scripts/po.py apply FILE.json      # fill msgstr from {"English msgid": "中文"}
  .venv/bin/python scripts/po.py check                # exit 1 if anything is untranslated or fuzzy

``apply`` writes into whichever catalogue holds the msgid and clears the fuzzy flag.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted(p for p in (ROOT / "sanxiang").rglob("zh_Hans/LC_MESSAGES/django.po"))


def pending(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"todo", "apply", "check"}:
        print(__doc__)
        return 2
    if argv[0] == "apply":
        mapping: dict[str, str] = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        used = set()
        for path in catalogues():
            po = polib.pofile(str(path))
            for entry in po:
                if entry.msgid in mapping:
                    if entry.msgid_plural:
                        entry.msgstr_plural = {0: mapping[entry.msgid]}
                    else:
                        entry.msgstr = mapping[entry.msgid]
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                    entry.previous_msgid = None
                    used.add(entry.msgid)
            po.save()
        unused = set(mapping) - used
        for msgid in sorted(unused):
            print(f"not in any catalogue: {msgid!r}")
        return 0
    missing = 0
    for path in catalogues():
        entries = pending(polib.pofile(str(path)))
        missing += len(entries)
        for entry in entries:
            print(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
    if argv[0] == "check" and missing:
        print(f"{missing} msgids untranslated or fuzzy; run `make messages` then scripts/po.py apply")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
