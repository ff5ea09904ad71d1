"""``sanxiang recordlog <subcommand>``: keys, checkpoints, verification and proofs of the record log.

init-key                      write the Ed25519 signing key (never overwrites) and print the verifier key
checkpoint [--force]          sign the current tree head if the log grew
verify [--key K] [--checkpoint FILE] [--trusted-root SIZE:HEX]
                              recompute every leaf, node and checkpoint, compare with trusted
                              checkpoints, the unsigned tail, the domain tables and the triggers;
                              exit 1 on any discrepancy
prove-inclusion SEQ [--size N]
prove-consistency OLD NEW     print a proof as JSON (hashes in base64)
verify-proof FILE [--checkpoint NOTE] [--key K]   check such a JSON offline against a signed checkpoint
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang.core import clock
from sanxiang.core.errors import DomainError
from sanxiang.recordlog import actions, coverage, merkle, queries, signing
from sanxiang.recordlog.verify import verify_log

PROOF_FORMAT = "sanxiang-recordlog-proof/1"


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def unb64(value: Any, what: str) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except binascii.Error as exc:
        raise CommandError(_("%(what)s is not valid base64.") % {"what": what}) from exc


class Command(BaseCommand):
    help = "Record log: init-key, checkpoint, verify, prove-inclusion, prove-consistency, verify-proof."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        sub.add_parser("init-key", help="write a new signing key and print the verifier key")
        checkpoint = sub.add_parser("checkpoint", help="sign the current tree head if the log grew")
        checkpoint.add_argument("--force", action="store_true", help="sign even if the log did not grow")
        verify = sub.add_parser("verify", help="recompute and check the whole log")
        verify.add_argument("--key", help="verifier key (default: derived from the local signing key)")
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a signed checkpoint held outside the database (published or witnessed); repeatable",
        )
        verify.add_argument(
            "--trusted-root",
            action="append",
            default=[],
            metavar="SIZE:HEX",
            help="a tree size and its root hash (hex) known from outside the database; repeatable",
        )
        inclusion = sub.add_parser("prove-inclusion", help="print an inclusion proof as JSON")
        inclusion.add_argument("seq", type=int)
        inclusion.add_argument("--size", type=int, help="tree size (default: the latest checkpoint's)")
        consistency = sub.add_parser("prove-consistency", help="print a consistency proof as JSON")
        consistency.add_argument("old", type=int)
        consistency.add_argument("new", type=int)
        check = sub.add_parser("verify-proof", help="check a proof JSON offline against a checkpoint note")
        check.add_argument("file", help="the proof JSON, or - for standard input")
        check.add_argument("--checkpoint", help="file with the signed checkpoint note to check against")
        check.add_argument("--key", help="verifier key, or a file holding it")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        handler = getattr(self, "do_" + options["subcommand"].replace("-", "_"))
        try:
            handler(**options)
        except (signing.SigningKeyMissing, FileExistsError, DomainError, signing.NoteError) as exc:
            raise CommandError(str(exc)) from exc

    # --- keys and checkpoints --------------------------------------------------------------------

    def do_init_key(self, **options: Any) -> None:
        path = signing.write_new_key()
        self.stdout.write(
            _("Signing key written to %(path)s (mode 0600). Keep it secret and backed up.") % {"path": path}
        )
        self.stdout.write(_("Publish this verifier key so that anyone can check the checkpoints:"))
        self.stdout.write(signing.verifier_key(queries.get_log().origin))

    def do_checkpoint(self, *, force: bool, **options: Any) -> None:
        checkpoint = actions.make_checkpoint(force=force)
        if checkpoint is None:
            self.stdout.write(_("The log has not grown since the last checkpoint; nothing signed."))
            return
        self.stdout.write(checkpoint.signed_note, ending="")

    # --- verification ----------------------------------------------------------------------------

    def _trusted(self, key: str | None, files: list[str], roots: list[str]) -> list[coverage.TrustedRoot]:
        """The trusted roots given on the command line; any that cannot be read stops the command."""
        trusted: list[coverage.TrustedRoot] = []
        try:
            trusted.extend(coverage.parse_trusted_root(text) for text in roots)
            if files:
                log = queries.get_log()
                try:
                    verifier = signing.parse_verifier_key(self._verifier_key_text(key, log.origin))
                except signing.SigningKeyMissing:
                    verifier = None
                for name in files:
                    try:
                        note = Path(name).read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError) as exc:
                        raise CommandError(
                            _("Trusted checkpoint %(file)s cannot be read: %(reason)s")
                            % {"file": name, "reason": exc}
                        ) from exc
                    trusted.append(coverage.trusted_from_note(note, verifier, log, name))
        except coverage.TrustedRootError as exc:
            raise CommandError(str(exc)) from exc
        return trusted

    def do_verify(
        self, *, key: str | None, checkpoint: list[str], trusted_root: list[str], **options: Any
    ) -> None:
        trusted = self._trusted(key, checkpoint, trusted_root)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        with Progress(
            TextColumn(_("Verifying")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task("verify", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = verify_log(
                verifier_key=self._verifier_key_text(key) if key else None, progress=progress, trusted=trusted
            )
        self.stdout.write(
            _(
                "Checked %(entries)s entries, %(nodes)s stored nodes and %(checkpoints)s checkpoints of "
                "%(origin)s (%(alg)s). Tree size %(size)s, root %(root)s."
            )
            % {
                "entries": report.entries,
                "nodes": report.nodes,
                "checkpoints": report.checkpoints,
                "origin": report.origin,
                "alg": report.hash_alg,
                "size": report.tree_size,
                "root": b64(report.root),
            }
        )
        if report.files:
            self.stdout.write(
                _("Re-hashed %(files)s stored files named by entries.") % {"files": report.files}
            )
        self._coverage(report)
        for problem in report.problems:
            self.stdout.write(str(problem))
        if report.problem_count > len(report.problems):
            self.stdout.write(
                _("... and %(more)s more problems not shown.")
                % {"more": report.problem_count - len(report.problems)}
            )
        if not report.ok:
            raise CommandError(
                _("The record log FAILED verification: %(count)s problems.")
                % {"count": report.problem_count},
                returncode=1,
            )
        self.stdout.write(_("The record log verified: every entry, node and checkpoint agrees."))

    def _coverage(self, report: Any) -> None:
        """What the signatures cover, the cross-checked rows and the triggers, in one summary."""
        oldest = report.oldest_unsigned_at
        if report.unsigned_entries:
            self.stdout.write(
                _(
                    "%(count)s entries are after the newest signed checkpoint (size %(size)s); the oldest "
                    "was recorded at %(oldest)s, %(age)s minutes ago."
                )
                % {
                    "count": report.unsigned_entries,
                    "size": report.latest_checkpoint_size or 0,
                    "oldest": signing.format_time(oldest) if oldest else "—",
                    "age": int((clock.now() - oldest).total_seconds() // 60) if oldest else "—",
                }
            )
        else:
            self.stdout.write(_("Every entry is covered by a signed checkpoint."))
        for size in report.trusted_sizes:
            self.stdout.write(_("Compared with a trusted checkpoint at size %(size)s.") % {"size": size})
        self.stdout.write(
            _(
                "Cross-checked %(rows)s rows of the case, evidence, document and publication tables; checked %(triggers)s append-only triggers."
            )
            % {"rows": report.rows, "triggers": report.triggers}
        )

    # --- proofs ----------------------------------------------------------------------------------

    def _emit(self, data: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def do_prove_inclusion(self, *, seq: int, size: int | None, **options: Any) -> None:
        log = queries.get_log()
        if size is None:
            latest = queries.latest_checkpoint()
            size = latest.tree_size if latest is not None and latest.tree_size > seq else queries.tree_size()
        entry = queries.entry_at(seq)
        proof = queries.inclusion_proof(seq, size, log=log)
        checkpoint = queries.checkpoint_at(size)
        self._emit(
            {
                "format": PROOF_FORMAT,
                "type": "inclusion",
                "origin": log.origin,
                "hash_alg": log.hash_alg,
                "seq": seq,
                "tree_size": size,
                "entry": b64(bytes(entry.canonical)),
                "leaf_hash": b64(bytes(entry.leaf_hash)),
                "proof": [b64(item) for item in proof],
                "root": b64(queries.root_at(size, log=log)),
                "checkpoint": checkpoint.signed_note if checkpoint is not None else None,
            }
        )

    def do_prove_consistency(self, *, old: int, new: int, **options: Any) -> None:
        log = queries.get_log()
        proof = queries.consistency_proof(old, new, log=log)
        old_checkpoint, new_checkpoint = queries.checkpoint_at(old), queries.checkpoint_at(new)
        self._emit(
            {
                "format": PROOF_FORMAT,
                "type": "consistency",
                "origin": log.origin,
                "hash_alg": log.hash_alg,
                "old_size": old,
                "new_size": new,
                "old_root": b64(queries.root_at(old, log=log)),
                "new_root": b64(queries.root_at(new, log=log)),
                "proof": [b64(item) for item in proof],
                "old_checkpoint": old_checkpoint.signed_note if old_checkpoint is not None else None,
                "new_checkpoint": new_checkpoint.signed_note if new_checkpoint is not None else None,
            }
        )

    # --- offline check -------------------------------------------------------------------------

    def _verifier_key_text(self, key: str | None, origin: str | None = None) -> str:
        if key:
            path = Path(key)
            return path.read_text(encoding="utf-8").strip() if path.is_file() else key.strip()
        if origin is None:
            raise CommandError(_("Give the verifier key with --key."))
        # Offline on the log's own host: derive it from the local signing key, no database needed.
        return signing.verifier_key(origin)

    def _signed(self, note: str, verifier: str, alg: str) -> tuple[str, int, bytes]:
        body = signing.parse_checkpoint_body(signing.open_note(note, verifier))
        if body.hash_alg is not None and body.hash_alg != alg:
            raise CommandError(
                _("The checkpoint is hashed with %(signed)s but the proof says %(alg)s.")
                % {"signed": body.hash_alg, "alg": alg}
            )
        return body.origin, body.size, body.root

    def do_verify_proof(self, *, file: str, checkpoint: str | None, key: str | None, **options: Any) -> None:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        try:
            data = json.loads(text)
            alg = str(data["hash_alg"])
            kind = data["type"]
            proof = [unb64(item, "proof") for item in data["proof"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(
                _("%(file)s is not a record log proof: %(error)s") % {"file": file, "error": exc}
            ) from exc
        if alg not in merkle.ALGORITHMS:
            raise CommandError(_("Unknown hash algorithm %(alg)s.") % {"alg": alg})
        note_key = "checkpoint" if kind == "inclusion" else "new_checkpoint"
        note = Path(checkpoint).read_text(encoding="utf-8") if checkpoint else data.get(note_key)
        if not note:
            raise CommandError(_("No signed checkpoint to check the proof against: give --checkpoint."))
        verifier = self._verifier_key_text(key, data.get("origin"))
        _origin, size, root = self._signed(note, verifier, alg)
        try:
            if kind == "inclusion":
                self._check_inclusion(data, proof, alg, size, root)
            elif kind == "consistency":
                self._check_consistency(data, proof, alg, size, root, verifier)
            else:
                raise CommandError(_("Unknown proof type %(type)s.") % {"type": kind})
        except merkle.InvalidProof as exc:
            raise CommandError(_("The proof does NOT verify: %(reason)s") % {"reason": exc.reason}) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise CommandError(
                _("%(file)s is not a record log proof: %(error)s") % {"file": file, "error": exc}
            ) from exc

    def _check_inclusion(
        self, data: dict[str, Any], proof: list[bytes], alg: str, size: int, root: bytes
    ) -> None:
        seq = int(data["seq"])
        if int(data["tree_size"]) != size:
            raise merkle.InvalidProof(f"the proof is for size {data['tree_size']}, the checkpoint for {size}")
        if data.get("entry"):
            leaf = merkle.leaf_hash(unb64(data["entry"], "entry"), alg)
            if data.get("leaf_hash") and unb64(data["leaf_hash"], "leaf_hash") != leaf:
                raise merkle.InvalidProof("the leaf hash is not the hash of the entry")
        else:
            leaf = unb64(data["leaf_hash"], "leaf_hash")
        merkle.verify_inclusion(leaf, seq, size, proof, root, alg)
        self.stdout.write(
            _("Verified: entry %(seq)s is in the log's signed tree of size %(size)s (root %(root)s).")
            % {"seq": seq, "size": size, "root": b64(root)}
        )

    def _check_consistency(
        self, data: dict[str, Any], proof: list[bytes], alg: str, size: int, root: bytes, verifier: str
    ) -> None:
        old, new = int(data["old_size"]), int(data["new_size"])
        if new != size:
            raise merkle.InvalidProof(f"the proof is for size {new}, the checkpoint for {size}")
        if data.get("old_checkpoint"):
            _origin, old_size, old_root = self._signed(data["old_checkpoint"], verifier, alg)
            if old_size != old:
                raise merkle.InvalidProof(
                    f"the proof is from size {old}, the old checkpoint is of {old_size}"
                )
            signed_old = True
        else:
            old_root, signed_old = unb64(data["old_root"], "old_root"), False
        merkle.verify_consistency(old, new, old_root, root, proof, alg)
        self.stdout.write(
            _("Verified: the tree of size %(old)s is a prefix of the signed tree of size %(new)s.")
            % {"old": old, "new": new}
        )
        if not signed_old:
            self.stdout.write(
                _("Note: the old root was taken from the proof file, not from a signed checkpoint.")
            )
