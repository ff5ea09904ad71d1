"""How much of the log the signatures cover (security review 2026-12, F5).

Signed checkpoints protect the entries they cover; the entries after the newest one (the unsigned
tail) are protected by nothing but the database, and the signing key lies on the same disk. So
``verify``:

* reports the unsigned tail (its length and the age of its oldest entry) and fails when that entry is
  older than the checkpoint interval plus the policy's margin: the signing has stopped, or the log was
  rewritten or cut back after it;
* fails likewise when the log has no checkpoint at all and an entry older than that;
* checks the tree against trusted roots given from outside (a checkpoint as published on the portal or
  held by a witness, ``--checkpoint FILE`` or ``--trusted-root SIZE:HEX``): the log must have had
  exactly that root at that size, so a truncated or rewritten log fails even if it re-signed itself;
* checks that every tree size the log itself says it handed out (``checkpoint_size`` in a payload,
  e.g. an archived case file's) is a signed size no larger than the tree.
"""

from __future__ import annotations

import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from sanxiang.core import clock, policy
from sanxiang.recordlog import signing
from sanxiang.recordlog.models import Checkpoint, Entry, Log
from sanxiang.recordlog.policies import UNSIGNED_TAIL_MARGIN_MINUTES
from sanxiang.recordlog.report import Problem, Report


@dataclass(frozen=True)
class TrustedRoot:
    size: int
    root: bytes
    source: str  # for the report: "--trusted-root" or the file's name


class TrustedRootError(ValueError):
    """A trusted root given on the command line cannot be read; the message says why, in Chinese."""


def parse_trusted_root(text: str) -> TrustedRoot:
    """``SIZE:HEX``: a tree size and its root hash in hexadecimal (as shown on the portal)."""
    size_text, _sep, hex_text = str(text).strip().partition(":")
    try:
        size = int(size_text)
        root = bytes.fromhex(hex_text)
    except ValueError:
        size, root = -1, b""
    if size < 0 or len(root) != 32:
        raise TrustedRootError(
            _(
                "Trusted root: %(value)s is not SIZE:HEX, a tree size and a root hash of 64 hexadecimal "
                "digits."
            )
            % {"value": text}
        )
    return TrustedRoot(size, root, "--trusted-root")


def trusted_from_note(note: str, verifier: signing.Verifier | None, log: Log, source: str) -> TrustedRoot:
    """A signed checkpoint note from outside: its signature must verify with the verifier key and it
    must be of this log; its size and root are then trusted."""
    if verifier is None:
        raise TrustedRootError(
            _("Trusted checkpoint %(file)s: no verifier key to check its signature (give --key).")
            % {"file": source}
        )
    try:
        body = signing.parse_checkpoint_body(signing.open_note(note, verifier))
    except (signing.NoteError, binascii.Error, ValueError) as exc:
        raise TrustedRootError(
            _("Trusted checkpoint %(file)s: its signature does not verify (%(reason)s).")
            % {"file": source, "reason": str(exc)}
        ) from exc
    if body.origin != log.origin or body.hash_alg != log.hash_alg:
        raise TrustedRootError(
            _("Trusted checkpoint %(file)s is of %(origin)s (%(alg)s), not of this log.")
            % {"file": source, "origin": body.origin, "alg": body.hash_alg}
        )
    return TrustedRoot(body.size, body.root, source)


def check_trusted(report: Report, trusted: list[TrustedRoot], roots: dict[int, bytes]) -> None:
    """``roots`` are the roots recomputed from the entries at the trusted sizes within the log."""
    for root in trusted:
        report.trusted_sizes.append(root.size)
        if root.size > report.tree_size:
            report.add(
                Problem(
                    "trusted_beyond_log",
                    _(
                        "The trusted checkpoint at size %(size)s (%(source)s) covers more entries than the "
                        "log has (%(entries)s): entries were removed."
                    )
                    % {"size": root.size, "source": root.source, "entries": report.tree_size},
                    size=root.size,
                )
            )
        elif roots.get(root.size) != root.root:
            report.add(
                Problem(
                    "trusted_root",
                    _(
                        "The trusted checkpoint at size %(size)s (%(source)s) has root %(trusted)s, but the "
                        "entries give %(computed)s: the log was rewritten."
                    )
                    % {
                        "size": root.size,
                        "source": root.source,
                        "trusted": root.root.hex(),
                        "computed": (roots.get(root.size) or b"").hex(),
                    },
                    size=root.size,
                )
            )


def margin_minutes() -> int:
    """The margin in force for the installation. The log is one per installation, not per agency, so
    the setting is the one made for a region (the region the installation serves; the newest such
    setting counts) or else the default."""
    from sanxiang.core.models import PolicyValue

    key = UNSIGNED_TAIL_MARGIN_MINUTES.key
    newest = (
        PolicyValue.objects.filter(key=key, scope__startswith="region:").order_by("-set_at", "-id").first()
    )
    scopes = [newest.scope] if newest is not None else []
    return int(policy.value(key, scopes))


def _limit() -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.RECORDLOG_CHECKPOINT_MINUTES) + margin_minutes())


def check_tail(report: Report, log: Log, now: dt.datetime | None = None) -> None:
    latest = (
        Checkpoint.objects.filter(log=log).order_by("-tree_size").values_list("tree_size", flat=True).first()
    )
    report.latest_checkpoint_size = latest
    covered = latest or 0
    report.unsigned_entries = max(report.tree_size - covered, 0)
    if report.unsigned_entries == 0:
        return
    oldest = (
        Entry.objects.filter(log=log, seq__gte=covered).order_by("seq").values_list("recorded_at", flat=True)
    )
    first: Any = oldest.first()
    if not isinstance(first, dt.datetime):
        return  # a wrongly typed column: reported by the entry checks
    report.oldest_unsigned_at = first
    limit = _limit()
    age = (now or clock.now()) - first
    if age <= limit:
        return
    values = {
        "count": report.unsigned_entries,
        "size": covered,
        "oldest": signing.format_time(first),
        "minutes": int(limit.total_seconds() // 60),
        "policy": UNSIGNED_TAIL_MARGIN_MINUTES.key,
    }
    if latest is None:
        report.add(
            Problem(
                "no_checkpoint",
                _(
                    "The log has no signed checkpoint, and its oldest entry was recorded at %(oldest)s, more "
                    "than %(minutes)s minutes ago (checkpoint interval plus %(policy)s): none of its "
                    "%(count)s entries is protected by a signature."
                )
                % values,
            )
        )
        return
    report.add(
        Problem(
            "unsigned_tail",
            _(
                "%(count)s entries after the newest checkpoint (size %(size)s) are not signed, the oldest "
                "recorded at %(oldest)s, more than %(minutes)s minutes ago (checkpoint interval plus "
                "%(policy)s): the checkpoints have stopped or the log was changed after them."
            )
            % values,
            seq=covered,
        )
    )


def check_handed_out(report: Report, log: Log) -> None:
    """Tree sizes that entries say were handed out (with a case file) must be signed and present."""
    signed = set(Checkpoint.objects.filter(log=log).values_list("tree_size", flat=True))
    rows = Entry.objects.filter(log=log, payload__has_key="checkpoint_size").values_list("seq", "payload")
    for seq, payload in rows.iterator(chunk_size=1000):
        size = payload.get("checkpoint_size") if isinstance(payload, dict) else None
        if not isinstance(size, int) or isinstance(size, bool):
            continue
        if size > report.tree_size or (size > 0 and size not in signed):
            report.add(
                Problem(
                    "handed_out_size",
                    _(
                        "Entry %(seq)s says a checkpoint of size %(size)s was handed out, but the log has "
                        "%(entries)s entries and no such checkpoint: entries or checkpoints were removed."
                    )
                    % {"seq": seq, "size": size, "entries": report.tree_size},
                    seq=seq,
                    size=size,
                )
            )
