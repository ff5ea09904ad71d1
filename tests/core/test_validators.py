import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.catalog.validators import USCC_ALPHABET, clean_uscc, uscc_check_character
from sanxiang.core.errors import Invalid


@pytest.mark.parametrize("code", ["91440300708461136T", "91110000600037341L"])
def test_it_accepts_known_valid_codes(code):
    assert clean_uscc(code) == code


def test_it_accepts_codes_whose_first_character_is_a_letter():
    # python-stdnum rejects these (DEPENDENCIES.md §3c); GB 32100 allows N, Y, A ... as the authority.
    for first in "NYA":
        body = first + "2330101MA0000001"[:16]
        code = body + uscc_check_character(body)
        assert clean_uscc(code.lower()) == code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91440300708461136X", "uscc_checksum"),
        ("9144030070846113", "uscc_length"),
        ("91440300708461I36T", "uscc_format"),
        ("", "required"),
    ],
)
def test_it_refuses_bad_codes_with_a_coded_error(value, code):
    with pytest.raises(Invalid) as exc:
        clean_uscc(value)
    assert exc.value.code == code
    assert exc.value.field == "credit_code"


@given(
    st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=10, max_size=10),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.sampled_from("123456789ANY"),
)
def test_every_single_character_change_is_caught(tail, area, first):
    body = first + "1" + area + tail[:9]
    code = body + uscc_check_character(body)
    assert clean_uscc(code) == code
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(code[-1]) + 1) % 31]
    with pytest.raises(Invalid):
        clean_uscc(code[:-1] + wrong)
