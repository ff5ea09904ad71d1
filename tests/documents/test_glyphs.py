"""A rare character in a party's name that no installed font has (U+20000, CJK Ext-B, beyond Noto
CJK's coverage) does not stop the document, but the officer is told which characters print blank;
one the fonts have (𠮷, U+20BB7) is not flagged."""

from __future__ import annotations

import json

from sanxiang.documents.glyphs import unprintable
from tests.documents.conftest import PARTY_PERSON

RARE = "\U00020000"  # 𠀀: no glyph in fonts-noto-cjk


def test_only_characters_without_a_glyph_are_flagged():
    assert unprintable(["张三", "吉\U00020bb7", f"王{RARE}明"]) == [RARE]
    assert unprintable(["Zhang San 张三 㐀"]) == []


def test_issuing_warns_of_the_characters_that_print_blank(world, walk, client_as):
    case = walk("decided", party={**PARTY_PERSON, "name": f"王{RARE}明"})
    assert case.parties.get().name == f"王{RARE}明"
    client = client_as("head")
    response = client.post(
        f"/documents/case/{case.pk}/issue/",
        {"kind": "decision", "new-decision-evidence": "询问笔录"},
        follow=True,
    )
    body = response.content.decode()
    assert "印为空白方框" in body and RARE in body
    listing = client.get(f"/api/v1/documents/cases/{case.pk}").json()
    assert listing["documents"][0]["unprintable"] == [RARE]
    assert json.dumps(listing)  # the API answers in full


def test_common_names_give_no_warning(world, walk, client_as):
    case = walk("decided")
    response = client_as("head").post(
        f"/documents/case/{case.pk}/issue/",
        {"kind": "decision", "new-decision-evidence": "询问笔录"},
        follow=True,
    )
    assert "印为空白方框" not in response.content.decode()
