"""Property tests: the check character helpers and the full checks agree for every well-formed body."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gaoxin.identity.validators import (
    PROVINCES,
    REGISTRATION_AUTHORITIES,
    RESIDENT_ID_CHECK_CHARACTERS,
    USCC_ALPHABET,
    USCC_WEIGHTS,
    check_resident_id,
    check_uscc,
    resident_id_check_character,
    uscc_check_character,
)

# A fixed "today" keeps the generated birth dates and the check in agreement whatever the clock says.
TODAY = date(2025, 6, 15)

uscc_characters = st.sampled_from(USCC_ALPHABET)
digits = st.sampled_from("0123456789")

any_uscc_body = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)

# Position 1 must be a known authority and positions 3-8 digits, so bodies are built from those parts.
well_formed_uscc_body = st.builds(
    lambda authority, category, division, subject: authority + category + division + subject,
    st.sampled_from(sorted(REGISTRATION_AUTHORITIES)),
    uscc_characters,
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
)

resident_id_body = st.builds(
    lambda province, county, birth, sequence: f"{province}{county}{birth:%Y%m%d}{sequence:03d}",
    st.sampled_from(sorted(PROVINCES)),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
)


@given(any_uscc_body)
def test_uscc_check_character_makes_the_weighted_sum_a_multiple_of_31(body):
    # Restates the standard independently: with the check character weighted 1, the total is 0 mod 31.
    code = body + uscc_check_character(body)
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(code, (*USCC_WEIGHTS, 1), strict=True))

    assert total % 31 == 0


@given(well_formed_uscc_body)
def test_uscc_with_computed_check_character_is_valid(body):
    check = check_uscc(body + uscc_check_character(body))

    assert check.valid, check.error
    assert check.parts["organization_code"] == body[8:]


@given(well_formed_uscc_body, uscc_characters)
def test_uscc_with_any_other_final_character_is_invalid(body, last):
    expected = uscc_check_character(body)
    if last == expected:
        last = USCC_ALPHABET[(USCC_ALPHABET.index(last) + 1) % len(USCC_ALPHABET)]

    check = check_uscc(body + last)

    assert not check.valid
    assert check.error == f"校验码错误：应为{expected}，实际为{last}"
    assert check.parts == {}


@given(any_uscc_body, uscc_characters)
def test_uscc_never_valid_without_its_check_character(body, last):
    if last != uscc_check_character(body):
        assert not check_uscc(body + last).valid


@given(resident_id_body)
def test_resident_id_with_computed_check_character_is_valid(body):
    check = check_resident_id(body + resident_id_check_character(body), today=TODAY)

    assert check.valid, check.error
    assert check.parts["birth_date"] == f"{body[6:10]}-{body[10:12]}-{body[12:14]}"
    assert check.parts["sex"] == ("男" if int(body[14:17]) % 2 else "女")


@given(resident_id_body, st.sampled_from(RESIDENT_ID_CHECK_CHARACTERS))
def test_resident_id_with_any_other_final_character_is_invalid(body, last):
    expected = resident_id_check_character(body)
    if last == expected:
        last = RESIDENT_ID_CHECK_CHARACTERS[(RESIDENT_ID_CHECK_CHARACTERS.index(last) + 1) % 11]

    check = check_resident_id(body + last, today=TODAY)

    assert not check.valid
    assert check.error == f"校验码错误：应为{expected}，实际为{last}"


@given(st.text(max_size=30))
def test_checks_never_raise_on_arbitrary_text(text):
    assert check_uscc(text).valid in (True, False)
    assert check_resident_id(text, today=TODAY).valid in (True, False)
