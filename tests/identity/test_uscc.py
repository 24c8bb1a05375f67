"""Unified Social Credit Code: known vectors and one test per reason a code is refused."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from gaoxin.identity.validators import check_uscc, uscc_check_character, validate_uscc

VALID = "91110000710926094P"
BAD_CHECK = "91110000600037341N"


def test_known_valid_code_and_its_parts():
    check = check_uscc(VALID)

    assert check.valid is True
    assert check.error is None
    assert check.parts == {
        "registration_authority": {"code": "9", "name": "工商"},
        "category": {"code": "1", "name": "企业"},
        "division_code": "110000",
        "organization_code": "710926094",
        "check_character": "P",
    }


def test_known_code_with_wrong_check_character_names_expected_and_actual():
    check = check_uscc(BAD_CHECK)

    assert check.valid is False
    # L worked out by hand: weighted sum 538, 538 mod 31 = 11, 31 - 11 = 20, alphabet[20] = "L".
    assert check.error == "校验码错误：应为L，实际为N"
    assert check.parts == {}


def test_fixing_the_check_character_makes_the_code_valid():
    assert check_uscc(BAD_CHECK[:17] + "L").valid


@pytest.mark.parametrize("typed", ["91110000710926094p", " 9111 0000 7109 2609 4P ", "9111\u30000000710926094P\n"])
def test_lower_case_and_whitespace_are_forgiven(typed):
    assert check_uscc(typed).valid


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty(typed):
    assert check_uscc(typed).error == "请输入统一社会信用代码"


@pytest.mark.parametrize(("typed", "length"), [("abc", 3), (VALID[:17], 17), (VALID + "0", 19)])
def test_wrong_length_reports_actual_length(typed, length):
    assert check_uscc(typed).error == f"统一社会信用代码应为18位，实际为{length}位"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_excluded_letters_are_named_with_their_position(letter):
    code = VALID[:9] + letter + VALID[10:]

    error = check_uscc(code).error

    assert error.startswith(f"统一社会信用代码第10位字符“{letter}”不合法")


def test_non_ascii_character_is_named_and_keeps_its_position():
    # A full-width digit looks right on screen but is not what the register issued.
    code = VALID[:4] + "０" + VALID[5:]

    assert check_uscc(code).error.startswith("统一社会信用代码第5位字符“０”不合法")


def test_punctuation_is_an_illegal_character():
    assert check_uscc("91110000-10926094P").error.startswith("统一社会信用代码第9位字符“-”不合法")


@pytest.mark.parametrize("authority", ["0", "B", "X", "W"])
def test_unknown_registration_authority(authority):
    first17 = authority + VALID[1:17]
    code = first17 + uscc_check_character(first17)

    assert check_uscc(code).error == f"统一社会信用代码第1位登记管理部门代码“{authority}”无效"


@pytest.mark.parametrize(
    ("authority", "name"),
    [("1", "机构编制"), ("2", "外交"), ("3", "司法行政"), ("4", "文化"), ("5", "民政"), ("6", "旅游"), ("7", "宗教"),
     ("8", "工会"), ("9", "工商"), ("A", "中央军委改革和编制办公室"), ("G", "公安"), ("N", "农业"), ("Y", "其他")],
)  # fmt: skip
def test_every_known_registration_authority_is_accepted_and_named(authority, name):
    first17 = authority + "1" + VALID[2:17]
    check = check_uscc(first17 + uscc_check_character(first17))

    assert check.valid
    assert check.parts["registration_authority"] == {"code": authority, "name": name}


@pytest.mark.parametrize(
    ("prefix", "name"), [("51", "社会团体"), ("53", "基金会"), ("92", "个体工商户"), ("N2", "村级集体经济组织")]
)
def test_known_category_is_named(prefix, name):
    first17 = prefix + VALID[2:17]

    assert check_uscc(first17 + uscc_check_character(first17)).parts["category"] == {"code": prefix[1], "name": name}


def test_category_outside_the_2015_table_is_accepted_without_a_name():
    # Categories were added after GB 32100-2015 (e.g. 民政 54 村民委员会); refusing them would refuse real codes.
    first17 = "54" + VALID[2:17]
    check = check_uscc(first17 + uscc_check_character(first17))

    assert check.valid
    assert check.parts["category"] == {"code": "4", "name": None}


def test_division_code_must_be_digits():
    first17 = "911100A0" + VALID[8:17]
    code = first17 + uscc_check_character(first17)

    assert check_uscc(code).error == "统一社会信用代码第3-8位行政区划码应为6位数字，实际为“1100A0”"


def test_check_character_helper_matches_known_vector():
    assert uscc_check_character(VALID[:17]) == "P"


@pytest.mark.parametrize("first17", ["", VALID[:16], VALID, "9111000071092609I"])
def test_check_character_helper_refuses_malformed_input(first17):
    with pytest.raises(ValueError):
        uscc_check_character(first17)


def test_django_validator_passes_valid_code():
    validate_uscc(VALID)


def test_django_validator_raises_the_same_chinese_message():
    with pytest.raises(ValidationError) as raised:
        validate_uscc(BAD_CHECK)

    assert raised.value.code == "invalid"
    assert raised.value.messages == ["校验码错误：应为L，实际为N"]


def test_django_validator_works_on_a_form_field():
    class CompanyForm(forms.Form):
        uscc = forms.CharField(validators=[validate_uscc])

    form = CompanyForm(data={"uscc": "abc"})

    assert not form.is_valid()
    assert form.errors["uscc"] == ["统一社会信用代码应为18位，实际为3位"]
