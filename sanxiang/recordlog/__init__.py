"""The tamper-evident record log (全过程记录): an append-only RFC 9162 Merkle log of everything done,
with signed checkpoints and proofs. It imports no other domain app; every app calls it.

The format is specified in ``docs/recordlog-format.md`` so that outsiders can verify it."""
