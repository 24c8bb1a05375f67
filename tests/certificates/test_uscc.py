"""The USCCs the zone assigns to the enterprises it registers."""

import pytest

from gaoxin.certificates.uscc import (
    new_enterprise_uscc,
    new_organization_code,
    organization_code_check_character,
)
from gaoxin.identity.validators import USCC_ALPHABET, check_uscc


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("D2143569", "X"),  # the worked example of GB 11714-1997
        ("M000100Y", "4"),  # organization code inside the GB 32100-2015 sample 91350100M000100Y43
        ("00000000", "0"),  # 11 - 0 = 11 → 0
        ("12345678", "8"),
    ],
)
def test_organization_code_check_character(body, check):
    assert organization_code_check_character(body) == check


def test_organization_code_check_character_refuses_a_wrong_length():
    with pytest.raises(ValueError):
        organization_code_check_character("1234567")


def test_new_organization_codes_carry_their_check_character():
    for _ in range(300):
        code = new_organization_code()
        assert len(code) == 9
        assert all(char in USCC_ALPHABET for char in code[:8])
        assert code[8] == organization_code_check_character(code[:8])


def test_new_uscc_is_a_valid_enterprise_code_of_the_zone():
    codes = {new_enterprise_uscc() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        checked = check_uscc(code)
        assert checked.valid, (code, checked.error)
        assert code.startswith("91410371")
        assert checked.parts["registration_authority"]["name"] == "工商"
        assert checked.parts["category"]["name"] == "企业"
        organization = checked.parts["organization_code"]
        assert organization[8] == organization_code_check_character(organization[:8])


def test_the_division_code_is_a_setting(settings):
    settings.GAOXIN = {**settings.GAOXIN, "DIVISION_CODE": "410305"}
    assert new_enterprise_uscc().startswith("91410305")
