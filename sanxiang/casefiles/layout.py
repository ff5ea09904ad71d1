"""Where things are in an exported case file (电子案卷): shared by the writer and the verifier, and
described for outsiders in ``docs/casefile-format.md``."""

from __future__ import annotations

FORMAT = "sanxiang-casefile/1"  # bump on any change to the layout or to case.json's meaning
PROOF_FORMAT = "sanxiang-recordlog-proof/1"  # the record log's own proof JSON (docs/recordlog-format.md §6)

CASE_JSON = "data/case.json"
CATALOGUE = "data/catalogue.pdf"
DOCUMENTS = "data/documents/"
EVIDENCE = "data/evidence/"
RECORDLOG = "data/recordlog/"
ENTRIES = RECORDLOG + "entries/"
PROOFS = RECORDLOG + "proofs/"
CHECKPOINT = RECORDLOG + "checkpoint.txt"
VERIFIER_KEY = RECORDLOG + "verifier-key.txt"

# Payload files whose SHA-256 must be named by an entry of the package (a ``digest`` in its payload).
LOGGED_DIRS = (DOCUMENTS, EVIDENCE)


def entry_path(seq: int) -> str:
    return f"{ENTRIES}{seq}.json"


def proof_path(seq: int) -> str:
    return f"{PROOFS}{seq}.json"


def seq_of(path: str, folder: str) -> int | None:
    """The entry number a file under ``entries/`` or ``proofs/`` is named after, or None."""
    name = path[len(folder) :]
    stem, dot, ext = name.partition(".")
    if not path.startswith(folder) or dot != "." or ext != "json" or not stem.isdigit():
        return None
    if stem != "0" and stem.startswith("0"):
        return None
    return int(stem)


_FORBIDDEN = set('/\\:*?"<>|%')


def safe_name(text: str, limit: int = 60) -> str:
    """A file name from a title: no path separators, control or reserved characters, no spaces."""
    cleaned = "".join(
        "_" if (ch in _FORBIDDEN or ord(ch) < 0x20 or ch.isspace()) else ch for ch in str(text)
    ).strip("._")
    return cleaned[:limit] or "file"
