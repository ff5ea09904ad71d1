"""RFC 9162 §2.1 against the Certificate Transparency test vectors, every small tree shape, both
hash algorithms, and forged proofs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.recordlog import merkle
from sanxiang.recordlog.merkle import InvalidProof

# The eight inputs of CT's merkle_tree_unittest (RFC 6962 test vectors) and MTH(D[n]) for n = 1..8.
CT_LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CT_CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip

ALGS = ["sha256", "sm3"]


def leaves(n: int, alg: str) -> list[bytes]:
    return [merkle.leaf_hash(f"leaf-{i}".encode(), alg) for i in range(n)]


def subtree_of(hashes: list[bytes], alg: str):
    def subtree(level: int, index: int) -> bytes:
        start = index << level
        return merkle.root_of(hashes[start : start + (1 << level)], alg)

    return subtree


def test_the_ct_test_vectors():
    hashes = [merkle.leaf_hash(leaf, "sha256") for leaf in CT_LEAVES]
    assert merkle.empty_root("sha256").hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    for n, expected in enumerate(CT_ROOTS, start=1):
        assert merkle.root_of(hashes[:n], "sha256").hex() == expected
    assert merkle.root_of(hashes, "sha256").hex() == (
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    )
    subtree = subtree_of(hashes, "sha256")
    for index, size, path in CT_INCLUSION:
        proof = merkle.inclusion_proof(index, size, subtree, "sha256")
        assert [p.hex() for p in proof] == path
        merkle.verify_inclusion(
            hashes[index], index, size, proof, bytes.fromhex(CT_ROOTS[size - 1]), "sha256"
        )
    for old, new, path in CT_CONSISTENCY:
        proof = merkle.consistency_proof(old, new, subtree, "sha256")
        assert [p.hex() for p in proof] == path
        merkle.verify_consistency(
            old, new, bytes.fromhex(CT_ROOTS[old - 1]), bytes.fromhex(CT_ROOTS[new - 1]), proof, "sha256"
        )


def test_sm3_is_gb_t_32905():
    assert merkle.hash_bytes(b"abc", "sm3").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    with pytest.raises(ValueError, match="unknown hash algorithm"):
        merkle.hash_bytes(b"", "md5")


@pytest.mark.parametrize("alg", ALGS)
def test_every_inclusion_proof_up_to_70_verifies_and_forgeries_fail(alg):
    hashes = leaves(70, alg)
    subtree = subtree_of(hashes, alg)
    for size in range(1, 71):
        root = merkle.root_of(hashes[:size], alg)
        for index in range(size):
            proof = merkle.inclusion_proof(index, size, subtree, alg)
            merkle.verify_inclusion(hashes[index], index, size, proof, root, alg)
            wrong_leaf = merkle.leaf_hash(b"forged", alg)
            with pytest.raises(InvalidProof):
                merkle.verify_inclusion(wrong_leaf, index, size, proof, root, alg)
            if size > 1:
                with pytest.raises(InvalidProof):
                    merkle.verify_inclusion(hashes[index], (index + 1) % size, size, proof, root, alg)
                with pytest.raises(InvalidProof):
                    merkle.verify_inclusion(hashes[index], index, size, [*proof, root], root, alg)
                with pytest.raises(InvalidProof):
                    merkle.verify_inclusion(hashes[index], index, size, proof[:-1], root, alg)
                flipped = [bytes([proof[0][0] ^ 1]) + proof[0][1:], *proof[1:]]
                with pytest.raises(InvalidProof):
                    merkle.verify_inclusion(hashes[index], index, size, flipped, root, alg)
            with pytest.raises(InvalidProof):
                merkle.verify_inclusion(hashes[index], index, size * 2 + 1, proof, root, alg)


@pytest.mark.parametrize("alg", ALGS)
def test_every_consistency_proof_up_to_70_verifies_and_forgeries_fail(alg):
    hashes = leaves(70, alg)
    subtree = subtree_of(hashes, alg)
    roots = [merkle.root_of(hashes[:n], alg) for n in range(71)]
    for new in range(0, 71):
        for old in range(0, new + 1):
            proof = merkle.consistency_proof(old, new, subtree, alg)
            merkle.verify_consistency(old, new, roots[old], roots[new], proof, alg)
            if 0 < old < new:
                with pytest.raises(InvalidProof):
                    merkle.verify_consistency(old, new, roots[old], roots[new - 1], proof, alg)
                with pytest.raises(InvalidProof):
                    merkle.verify_consistency(old, new, roots[new], roots[old], proof, alg)
                with pytest.raises(InvalidProof):
                    merkle.verify_consistency(old, new, roots[old], roots[new], proof[:-1], alg)
                with pytest.raises(InvalidProof):
                    merkle.verify_consistency(old, new, roots[old], roots[new], [*proof, roots[new]], alg)
                for position in range(len(proof)):
                    forged = list(proof)
                    forged[position] = bytes([forged[position][0] ^ 16]) + forged[position][1:]
                    with pytest.raises(InvalidProof):
                        merkle.verify_consistency(old, new, roots[old], roots[new], forged, alg)
    with pytest.raises(InvalidProof, match="forked"):
        merkle.verify_consistency(3, 3, roots[3], roots[4], [], alg)
    with pytest.raises(InvalidProof):
        merkle.verify_consistency(5, 3, roots[5], roots[3], [], alg)


@pytest.mark.parametrize("alg", ALGS)
def test_the_compact_range_completes_every_node_and_gives_every_root(alg):
    hashes = leaves(70, alg)
    subtree = subtree_of(hashes, alg)
    compact = merkle.CompactRange(alg)
    assert compact.root() == merkle.empty_root(alg)
    seen = set()
    for n, leaf in enumerate(hashes, start=1):
        for level, index, value in compact.append(leaf):
            assert value == subtree(level, index)
            seen.add((level, index))
        assert compact.root() == merkle.root_of(hashes[:n], alg)
        assert merkle.range_hash(0, n, subtree, alg) == compact.root()
    # every perfect subtree of 70 leaves, and nothing else
    expected = {(level, index) for level in range(7) for index in range(70 >> level)}
    assert seen == expected


def test_proofs_need_few_stored_nodes():
    size = 1_000_003
    for index in (0, 1, 500_000, size - 1):
        assert len(merkle.nodes_for(merkle.inclusion_ranges(index, size))) <= 2 * size.bit_length()
    assert len(merkle.nodes_for(merkle.consistency_ranges(777_777, size))) <= 2 * size.bit_length()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_forgeries_are_rejected(data):
    size = data.draw(st.integers(min_value=2, max_value=200))
    hashes = leaves(size, "sha256")
    subtree = subtree_of(hashes, "sha256")
    root = merkle.root_of(hashes, "sha256")
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof = merkle.inclusion_proof(index, size, subtree, "sha256")
    merkle.verify_inclusion(hashes[index], index, size, proof, root, "sha256")
    position = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    byte = data.draw(st.integers(min_value=0, max_value=31))
    bit = data.draw(st.integers(min_value=0, max_value=7))
    forged = list(proof)
    forged[position] = (
        forged[position][:byte] + bytes([forged[position][byte] ^ (1 << bit)]) + forged[position][byte + 1 :]
    )
    with pytest.raises(InvalidProof):
        merkle.verify_inclusion(hashes[index], index, size, forged, root, "sha256")
    old = data.draw(st.integers(min_value=1, max_value=size - 1))
    cproof = merkle.consistency_proof(old, size, subtree, "sha256")
    old_root = merkle.root_of(hashes[:old], "sha256")
    merkle.verify_consistency(old, size, old_root, root, cproof, "sha256")
    position = data.draw(st.integers(min_value=0, max_value=len(cproof) - 1))
    forged = list(cproof)
    forged[position] = bytes([forged[position][0] ^ 0x80]) + forged[position][1:]
    with pytest.raises(InvalidProof):
        merkle.verify_consistency(old, size, old_root, root, forged, "sha256")
