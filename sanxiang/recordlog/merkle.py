"""RFC 9162 §2.1 Merkle tree hashing, proofs and their verification, for any hash algorithm.

Pure functions with no Django import, so that an outside verifier can read (or copy) exactly what
the log does. The tree is the one of RFC 6962/9162: ``MTH({}) = HASH()``, a leaf is
``HASH(0x00 || entry)``, an inner node ``HASH(0x01 || left || right)``, and a tree of ``n`` leaves is
split at the largest power of two smaller than ``n``.

Proof *generation* works over a callable ``subtree(level, index)`` that returns the stored hash of the
perfect subtree covering leaves ``[index * 2**level, (index + 1) * 2**level)``. Any range that occurs
in the RFC's recursion is the right fold of O(log n) such perfect subtrees (``range_nodes``), so a
caller can fetch every hash a proof needs in one query and then assemble it here.

Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 step by step and raises ``InvalidProof`` with the
reason; final comparisons use ``hmac.compare_digest``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence

from cryptography.hazmat.primitives import hashes

ALGORITHMS = ("sha256", "sm3")
HASH_SIZE = 32  # both SHA-256 and SM3 (GB/T 32905) give 32 bytes

Subtree = Callable[[int, int], bytes]


class InvalidProof(ValueError):
    """A proof, hash or size does not verify; ``reason`` says which check failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def hash_bytes(data: bytes, alg: str) -> bytes:
    if alg == "sha256":
        return hashlib.sha256(data).digest()
    if alg == "sm3":
        # cryptography bundles its own OpenSSL, so SM3 is there whatever Python was built against.
        digest = hashes.Hash(hashes.SM3())
        digest.update(data)
        return digest.finalize()
    raise ValueError(f"unknown hash algorithm {alg!r}; use one of {', '.join(ALGORITHMS)}")


def empty_root(alg: str) -> bytes:
    return hash_bytes(b"", alg)


def leaf_hash(data: bytes, alg: str) -> bytes:
    return hash_bytes(b"\x00" + data, alg)


def node_hash(left: bytes, right: bytes, alg: str) -> bytes:
    return hash_bytes(b"\x01" + left + right, alg)


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (``n >= 2``): RFC 9162's ``k``."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes], alg: str) -> bytes:
    """MTH over already-hashed leaves (the RFC's definition, recursively)."""
    n = len(leaf_hashes)
    if n == 0:
        return empty_root(alg)
    if n == 1:
        return leaf_hashes[0]
    k = split_point(n)
    return node_hash(root_of(leaf_hashes[:k], alg), root_of(leaf_hashes[k:], alg), alg)


# --- which subtrees a proof needs -----------------------------------------------------------------


def range_nodes(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect subtrees ``(level, index)``, left to right, whose right fold is MTH(D[start:end]).

    Valid for every range the RFC recursion produces (``start`` is a multiple of the power of two
    at or above ``end - start``, or the range is perfect itself).
    """
    if end <= start:
        raise ValueError(f"empty range [{start}, {end})")
    nodes = []
    while end - start > 0:
        size = end - start
        if size & (size - 1) == 0:  # a power of two: one perfect subtree
            level = size.bit_length() - 1
            nodes.append((level, start >> level))
            break
        k = split_point(size)
        level = k.bit_length() - 1
        nodes.append((level, start >> level))
        start += k
    return nodes


def fold(hashes: Sequence[bytes], alg: str) -> bytes:
    """Right fold: ``node(h0, node(h1, ... node(h[-2], h[-1])))``."""
    result = hashes[-1]
    for item in reversed(hashes[:-1]):
        result = node_hash(item, result, alg)
    return result


def range_hash(start: int, end: int, subtree: Subtree, alg: str) -> bytes:
    if end == start == 0:
        return empty_root(alg)
    return fold([subtree(level, index) for level, index in range_nodes(start, end)], alg)


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The ranges whose hashes form PATH(index, D[size]) (RFC 9162 §2.1.3.1), leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    ranges = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """The ranges whose hashes form PROOF(old, D[new]) (RFC 9162 §2.1.4.1), in proof order."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    if old_size in (0, new_size):
        return []
    ranges = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            m -= k
            complete = False
    if not complete:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def nodes_for(ranges: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every stored subtree needed to hash these ranges: fetch them in one query."""
    needed: set[tuple[int, int]] = set()
    for start, end in ranges:
        needed.update(range_nodes(start, end))
    return needed


def inclusion_proof(index: int, size: int, subtree: Subtree, alg: str) -> list[bytes]:
    return [range_hash(start, end, subtree, alg) for start, end in inclusion_ranges(index, size)]


def consistency_proof(old_size: int, new_size: int, subtree: Subtree, alg: str) -> list[bytes]:
    return [range_hash(start, end, subtree, alg) for start, end in consistency_ranges(old_size, new_size)]


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) -----------------------------------------------


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise InvalidProof(f"{what} is {len(value)} bytes, not {HASH_SIZE}")


def root_from_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], alg: str) -> bytes:
    if not 0 <= index < size:
        raise InvalidProof(f"leaf index {index} is not in a tree of size {size}")
    _check_hash(leaf, "leaf hash")
    fn, sn, r = index, size - 1, leaf
    for position, p in enumerate(proof):
        _check_hash(p, f"proof[{position}]")
        if sn == 0:
            raise InvalidProof("the proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r, alg)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p, alg)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProof("the proof is shorter than the path to the root")
    return r


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes, alg: str
) -> None:
    """Return quietly if ``leaf_hash`` is leaf ``index`` of the tree of ``size`` with ``root``."""
    _check_hash(root, "root hash")
    computed = root_from_inclusion(leaf_hash, index, size, proof, alg)
    if not hmac.compare_digest(computed, root):
        raise InvalidProof("the inclusion proof leads to a different root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes], alg: str
) -> None:
    """Return quietly if the tree of ``old_size`` with ``old_root`` is a prefix of the tree of
    ``new_size`` with ``new_root``."""
    _check_hash(old_root, "old root hash")
    _check_hash(new_root, "new root hash")
    if not 0 <= old_size <= new_size:
        raise InvalidProof(f"size {old_size} cannot be a prefix of size {new_size}")
    if old_size == new_size:
        if proof:
            raise InvalidProof("a proof between equal sizes must be empty")
        if not hmac.compare_digest(old_root, new_root):
            raise InvalidProof("two different roots for the same tree size (a forked log)")
        return
    if old_size == 0:
        if proof:
            raise InvalidProof("a proof from the empty tree must be empty")
        if not hmac.compare_digest(old_root, empty_root(alg)):
            raise InvalidProof("the root of the empty tree is not HASH()")
        return
    if not proof:
        raise InvalidProof("the consistency proof is empty")
    for position, p in enumerate(proof):
        _check_hash(p, f"proof[{position}]")
    path = list(proof)
    # 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    # 3-4.
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5.
    fr = sr = path[0]
    # 6.
    for c in path[1:]:
        if sn == 0:
            raise InvalidProof("the proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr, alg)
            sr = node_hash(c, sr, alg)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c, alg)
        fn >>= 1
        sn >>= 1
    # 7.
    if sn != 0:
        raise InvalidProof("the proof is shorter than the path to the root")
    if not hmac.compare_digest(fr, old_root):
        raise InvalidProof("the proof does not lead to the old root")
    if not hmac.compare_digest(sr, new_root):
        raise InvalidProof("the proof does not lead to the new root")


# --- streaming recomputation --------------------------------------------------------------------


class CompactRange:
    """The right edge of a growing tree: one hash per set bit of the size, O(log n) memory.

    ``append`` returns the perfect subtrees ``(level, index, hash)`` it completes, leaf first, so a
    verifier can compare every stored node while streaming the leaves once.
    """

    def __init__(self, alg: str) -> None:
        self.alg = alg
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (level, hash), biggest (leftmost) first

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        index = self.size
        completed = [(0, index, leaf)]
        level, current = 0, leaf
        while self._stack and self._stack[-1][0] == level:
            _, left = self._stack.pop()
            current = node_hash(left, current, self.alg)
            level += 1
            completed.append((level, index >> level, current))
        self._stack.append((level, current))
        self.size += 1
        return completed

    def root(self) -> bytes:
        if not self._stack:
            return empty_root(self.alg)
        return fold([item for _, item in self._stack], self.alg)
