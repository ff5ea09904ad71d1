"""Redaction (legal-rules G-04, G-05): the masks proposed before review, and the text they produce.
A mask is a span of the original text with its category and reason; the reviewer adds or removes
masks, never edits the published text by hand, so every hidden character is accounted for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sanxiang.core import policy
from sanxiang.publication import scan

MASK = "＊＊＊"


def private_values(
    parties: Sequence[Mapping[str, Any]], punished: str, others: list[str]
) -> list[dict[str, str]]:
    """The private values known from the case's data (G-05): natural persons' identity numbers,
    phones and home addresses; every party's phone; other natural persons' names."""
    values: list[dict[str, str]] = []
    for party in parties:
        person = party.get("kind") == "natural_person"
        for field in ("id_number", "phone") + (("address",) if person else ()):
            if party.get(field):
                values.append({"category": field, "value": party[field]})
        if person and party.get("name") and party["name"] != punished:
            values.append({"category": "other_person", "value": party["name"]})
    values += [{"category": "other_person", "value": name} for name in others if name.strip()]
    return values


def _terms(key: str, scopes: Sequence[str]) -> list[str]:
    raw = str(policy.value(key, scopes))
    return [term.strip() for term in raw.replace("，", ",").split(",") if term.strip()]


def health_terms(scopes: Sequence[str] = ()) -> list[str]:
    return _terms("publication.health_terms", scopes)


def address_terms(scopes: Sequence[str] = ()) -> list[str]:
    return _terms("publication.address_terms", scopes)


def auto_masks(
    text: str, known: list[dict[str, str]], allowed: list[str], scopes: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """What the scan finds, plus health information and home addresses by the policies' term lists
    (G-05): proposed as masks before review. ``scopes`` are the agency's policy scopes (the national
    default without). The scan's hits also block publication; the term hits only propose masks (see
    ``scan``'s docstring for why)."""
    hits = scan.scan(text, [v["value"] for v in known], allowed)
    for extra in (
        scan.health_hits(text, health_terms(scopes)),
        scan.address_hits(text, address_terms(scopes)),
    ):
        taken = [(hit.start, hit.end) for hit in hits]
        hits += [hit for hit in extra if not any(start < hit.end and hit.start < end for start, end in taken)]
    return [
        {
            "start": hit.start,
            "end": hit.end,
            "category": hit.category,
            "reason": f"自动隐去：{hit.label}",
            "auto": True,
            "by": "",
        }
        for hit in sorted(hits, key=lambda hit: hit.start)
    ]


def name_masks(text: str, name: str, mode: str) -> list[dict[str, Any]]:
    """The punished natural person's own name, masked fully or after the surname per policy; found
    also when spaced or broken by invisible characters (张\u200b三)."""
    if mode == "none" or not name:
        return []
    squeezed = scan.Compact(text)
    masks = []
    for first, last in squeezed.find_all(scan.compact(name)):
        start, end = squeezed.span(first, last)
        if mode == "partial":
            # After the surname: from the name's second visible character.
            start = squeezed.where[first + 1] if last - first > 1 else end
        if start < end:
            masks.append(
                {
                    "start": start,
                    "end": end,
                    "category": "party_name",
                    "reason": f"按公示政策隐去被处罚人姓名（{mode}）",
                    "auto": True,
                    "by": "",
                }
            )
    return masks


def merge(masks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Masks in order, overlapping ones kept apart but applied as one span."""
    return sorted(masks, key=lambda m: (m["start"], m["end"]))


def apply(text: str, masks: list[dict[str, Any]]) -> str:
    out: list[str] = []
    cursor = 0
    for start, end in _spans(masks):
        out.append(text[cursor:start])
        out.append("＊" if end - start <= 1 else MASK)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _spans(masks: list[dict[str, Any]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for mask in merge(masks):
        start, end = int(mask["start"]), int(mask["end"])
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def segments(text: str, masks: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """The original text cut into (piece, masked) for the side-by-side view."""
    out: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in _spans(masks):
        if start > cursor:
            out.append((text[cursor:start], False))
        out.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        out.append((text[cursor:], False))
    return out
