"""The only code that writes the record log.

``append`` runs inside the caller's transaction, so an act and its record commit or vanish together.
Appends are serialised by locking the log row (PostgreSQL) or by SQLite's IMMEDIATE transactions,
so sequence numbers are gapless and the tree never forks.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from sanxiang.core import clock
from sanxiang.core.errors import Invalid, WrongState
from sanxiang.recordlog import merkle, queries, signing
from sanxiang.recordlog.canonical import NotCanonical, canonical_json
from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node

FORMAT = "sanxiang-recordlog/1"  # provenance of the canonical form; bump on any change to it
SYSTEM_ACTOR = "system"
HEX_DIGEST = re.compile(r"[0-9a-f]{32,128}")
KIND = re.compile(r"[a-z][a-z0-9_.\-]{0,99}")


def _subject(subject: Any) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, models.Model):
        if subject.pk is None:
            raise Invalid(
                "recordlog_subject", _("The subject of a record must be saved first."), field="subject"
            )
        return subject._meta.label_lower, str(subject.pk)
    if isinstance(subject, tuple) and len(subject) == 2 and all(isinstance(p, str | int) for p in subject):
        return str(subject[0]), str(subject[1])
    raise Invalid(
        "recordlog_subject",
        _("The subject of a record is a saved object, a (type, id) pair or nothing."),
        field="subject",
    )


def _actor(actor: Any) -> tuple[int | None, str]:
    """A person (``pk`` and ``str()``), a non-person principal named by a string (``"token:ab12"``),
    or the system (None, or an object without a primary key such as an anonymous user)."""
    if isinstance(actor, str):
        label = actor.strip()
        if not label or len(label) > 300:
            raise Invalid("recordlog_actor", _("A principal's name is 1 to 300 characters."), field="actor")
        return None, label
    if actor is None or getattr(actor, "pk", None) is None:
        return None, SYSTEM_ACTOR
    return int(actor.pk), str(actor)[:300]


def _locked_log() -> Log:
    # PostgreSQL: waits for any other appender; SQLite ignores it (IMMEDIATE transactions already
    # hold the database's single write lock).
    try:
        return Log.objects.select_for_update().get(pk=queries.LOG_PK)
    except Log.DoesNotExist:
        queries.get_log()  # first use: create it (a concurrent creator makes this wait, then find it)
        return Log.objects.select_for_update().get(pk=queries.LOG_PK)


def append(
    *,
    kind: str,
    subject: Any,
    actor: Any,
    payload: dict[str, Any],
    occurred_at: dt.datetime,
    agency_id: int | None = None,
) -> Entry:
    """Record one act. ``subject`` is a saved model instance, a ``(type, id)`` pair or None;
    ``actor`` a user, a string naming a non-person principal (``"token:ab12"``) or None (the system).
    ``payload`` must be canonical-JSON-able (no floats: amounts as strings); a ``digest`` key, if
    present, is the lowercase hex digest of a file or document and is indexed."""
    if not isinstance(kind, str) or not KIND.fullmatch(kind):
        raise Invalid("recordlog_kind", _("The kind of a record is a short lowercase code."), field="kind")
    if not isinstance(payload, dict):
        raise Invalid("recordlog_payload", _("The payload of a record is a JSON object."), field="payload")
    if not isinstance(occurred_at, dt.datetime) or occurred_at.tzinfo is None:
        raise Invalid(
            "recordlog_occurred_at", _("The time of the act must be an aware datetime."), field="occurred_at"
        )
    if agency_id is not None and (isinstance(agency_id, bool) or not isinstance(agency_id, int)):
        raise Invalid("recordlog_agency", _("The agency of a record is given by its id."), field="agency_id")
    digest = payload.get("digest", "")
    if digest and not (isinstance(digest, str) and HEX_DIGEST.fullmatch(digest)):
        raise Invalid(
            "recordlog_digest",
            _("A payload digest is a lowercase hexadecimal string."),
            field="payload.digest",
        )
    subject_type, subject_id = _subject(subject)
    actor_id, actor_label = _actor(actor)

    with transaction.atomic():
        log = _locked_log()
        seq = queries.tree_size()
        recorded_at = clock.now()
        document = {
            "format": FORMAT,
            "hash_alg": log.hash_alg,
            "seq": seq,
            "kind": kind,
            "agency_id": agency_id,
            "subject": {"type": subject_type, "id": subject_id},
            "actor": {"id": actor_id, "label": actor_label},
            "occurred_at": signing.format_time(occurred_at),
            "recorded_at": signing.format_time(recorded_at),
            "payload": payload,
        }
        try:
            canonical = canonical_json(document)
        except NotCanonical as exc:
            raise Invalid(
                "recordlog_payload",
                _("The payload cannot be recorded exactly: %(problem)s") % {"problem": str(exc)},
                field="payload",
            ) from exc
        leaf = merkle.leaf_hash(canonical, log.hash_alg)
        entry = Entry.objects.create(
            log=log,
            seq=seq,
            kind=kind,
            agency_id=agency_id,
            subject_type=subject_type,
            subject_id=subject_id,
            actor_id=actor_id,
            actor_label=actor_label,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            payload=payload,
            digest=digest,
            canonical=canonical,
            leaf_hash=leaf,
        )
        _store_nodes(log, seq, leaf)
    return entry


def _store_nodes(log: Log, seq: int, leaf: bytes) -> None:
    """Store leaf ``seq`` and every perfect subtree it completes: while the index at a level is odd,
    combine with the left sibling (fetched together in one query) and go up."""
    levels = 0
    while (seq >> levels) & 1:
        levels += 1
    siblings = queries.fetch_nodes(log, [(level, (seq >> level) - 1) for level in range(levels)])
    nodes = [Node(log=log, level=0, index=seq, hash=leaf)]
    current = leaf
    for level in range(levels):
        left = siblings.get((level, (seq >> level) - 1))
        if left is None:
            raise queries.TreeDamaged(f"stored node level {level} index {(seq >> level) - 1} is missing")
        current = merkle.node_hash(left, current, log.hash_alg)
        nodes.append(Node(log=log, level=level + 1, index=seq >> (level + 1), hash=current))
    Node.objects.bulk_create(nodes)


def make_checkpoint(*, force: bool = False) -> Checkpoint | None:
    """Sign (tree size, root, time) if the log grew since the last checkpoint, or if ``force``.

    With ``force`` and no growth the existing checkpoint of that size is returned (there is one per
    size). Before signing, the new root is proved consistent with the last signed one from the
    stored nodes, so the log never signs a fork of its own history.
    """
    signing.ensure_dev_key()
    key = signing.load_signing_key()
    with transaction.atomic():
        log = _locked_log()
        size = queries.tree_size()
        last = queries.latest_checkpoint()
        if last is not None and last.tree_size == size:
            return last if force else None
        if last is None and size == 0 and not force:
            return None
        if last is not None and last.tree_size > size:
            raise WrongState(
                "recordlog_damaged",
                _("The last checkpoint covers %(signed)s entries but the log has %(size)s: run verify.")
                % {"signed": last.tree_size, "size": size},
            )
        root = queries.root_at(size, log=log)
        if last is not None:
            proof = queries.consistency_proof(last.tree_size, size, log=log)
            try:
                merkle.verify_consistency(
                    last.tree_size, size, bytes(last.root_hash), root, proof, log.hash_alg
                )
            except merkle.InvalidProof as exc:
                raise WrongState(
                    "recordlog_damaged",
                    _(
                        "The log is not consistent with its checkpoint at size %(signed)s (%(reason)s): run verify."
                    )
                    % {"signed": last.tree_size, "reason": exc.reason},
                ) from exc
        now = clock.now()
        body = signing.checkpoint_body(log.origin, size, root, log.hash_alg, now)
        note = signing.sign_note(body, key_name=log.origin, key=key)
        return Checkpoint.objects.create(
            log=log, tree_size=size, root_hash=root, signed_note=note, key_name=log.origin, created_at=now
        )
