"""Resident ID number: the known vector and one test per reason a number is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gaoxin.identity.validators import check_resident_id, resident_id_check_character, validate_resident_id

VALID = "11010519491231002X"
TODAY = date(2025, 6, 15)


def with_check_character(first17: str) -> str:
    return first17 + resident_id_check_character(first17)


def test_known_valid_number_and_its_parts():
    check = check_resident_id(VALID)

    assert check.valid is True
    assert check.error is None
    assert check.parts == {
        "region_code": "110105",
        "province": "北京市",
        "birth_date": "1949-12-31",
        "sex": "女",
        "check_character": "X",
    }


@pytest.mark.parametrize("typed", ["11010519491231002x", " 110105 19491231 002X "])
def test_lower_case_x_and_whitespace_are_forgiven(typed):
    assert check_resident_id(typed).valid


def test_odd_sequence_is_male():
    assert check_resident_id(with_check_character("11010519491231001")).parts["sex"] == "男"


@pytest.mark.parametrize("typed", ["", "  ", None])
def test_empty(typed):
    assert check_resident_id(typed).error == "请输入身份证号码"


@pytest.mark.parametrize(("typed", "length"), [("abc", 3), ("110105491231002", 15), (VALID + "1", 19)])
def test_wrong_length_reports_actual_length(typed, length):
    # 15-digit first-generation numbers are refused too: they carry no check character and were replaced in 2013.
    assert check_resident_id(typed).error == f"身份证号码应为18位，实际为{length}位"


def test_non_digit_in_first_17_is_named_with_position():
    assert check_resident_id("1101051949123100XX").error == "身份证号码第17位字符“X”不是数字"


def test_full_width_digit_is_not_a_digit():
    assert check_resident_id("１1010519491231002X").error == "身份证号码第1位字符“１”不是数字"


def test_last_character_must_be_digit_or_x():
    assert check_resident_id("11010519491231002Y").error == "身份证号码第18位应为数字或X，实际为“Y”"


@pytest.mark.parametrize(
    "province", ["00", "10", "16", "20", "24", "30", "38", "47", "55", "60", "66", "70", "72", "83", "99"]
)
def test_unknown_province_code(province):
    number = with_check_character(province + VALID[2:17])

    assert check_resident_id(number).error == f"身份证号码前两位“{province}”不是有效的省级行政区划代码"


@pytest.mark.parametrize(
    ("province", "name"),
    [("15", "内蒙古自治区"), ("46", "海南省"), ("50", "重庆市"), ("65", "新疆维吾尔自治区"), ("71", "台湾省"),
     ("81", "香港特别行政区"), ("82", "澳门特别行政区")],
)  # fmt: skip
def test_province_is_named(province, name):
    number = with_check_character(province + VALID[2:17])

    assert check_resident_id(number).parts["province"] == name


@pytest.mark.parametrize("birth", ["19491301", "19490230", "19000229", "20230229", "00000000", "19491200"])
def test_birth_date_must_be_a_calendar_date(birth):
    number = with_check_character("110105" + birth + "002")

    assert check_resident_id(number, today=TODAY).error == f"身份证号码中的出生日期“{birth}”不是有效日期"


def test_leap_day_is_a_calendar_date():
    assert check_resident_id(with_check_character("11010520000229002"), today=TODAY).valid


def test_birth_date_before_1900_is_refused():
    number = with_check_character("11010518991231002")

    assert check_resident_id(number, today=TODAY).error == "身份证号码中的出生日期1899-12-31早于1900-01-01"


def test_birth_date_on_1900_01_01_is_accepted():
    assert check_resident_id(with_check_character("11010519000101002"), today=TODAY).valid


def test_birth_date_in_the_future_is_refused():
    number = with_check_character("11010520250616002")

    assert check_resident_id(number, today=TODAY).error == "身份证号码中的出生日期2025-06-16晚于今天"


def test_born_today_is_accepted():
    assert check_resident_id(with_check_character("11010520250615002"), today=TODAY).valid


def test_wrong_check_character_names_expected_and_actual():
    assert check_resident_id("110105194912310021").error == "校验码错误：应为X，实际为1"


def test_check_character_helper_matches_known_vector():
    assert resident_id_check_character(VALID[:17]) == "X"


@pytest.mark.parametrize("first17", ["", VALID[:16], VALID, "1101051949123100X"])
def test_check_character_helper_refuses_malformed_input(first17):
    with pytest.raises(ValueError):
        resident_id_check_character(first17)


def test_django_validator_passes_valid_number():
    validate_resident_id(VALID)


def test_django_validator_raises_the_same_chinese_message():
    with pytest.raises(ValidationError) as raised:
        validate_resident_id("110105194912310021")

    assert raised.value.code == "invalid"
    assert raised.value.messages == ["校验码错误：应为X，实际为1"]
