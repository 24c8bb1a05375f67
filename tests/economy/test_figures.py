"""Numbers as bulletins print them, ranks in Chinese numerals, competition ranks and percentage points."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaoxin.economy.figures import chinese_numeral, completion, diff_points, plain, rank_by_growth, tidy

D = Decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("55.0", "55"),
        ("55.00", "55"),
        ("1.0", "1"),
        ("250.90", "250.9"),
        ("250.9000", "250.9"),
        ("100", "100"),
        ("1E+2", "100"),
        ("0.0", "0"),
        ("-0.0", "0"),
        ("0.05", "0.05"),
        ("-3.20", "-3.2"),
        ("5128.4", "5128.4"),
    ],
)
def test_numbers_are_printed_without_trailing_zeros(value, text):
    assert plain(D(value)) == text


def test_tidy_keeps_a_decimal_without_exponent():
    assert str(tidy(D("1E+2"))) == "100"
    assert str(tidy(D("55.0000"))) == "55"
    assert tidy(None) is None


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False))
def test_plain_is_the_same_number(value):
    text = plain(value)
    assert D(text) == value
    assert "E" not in text
    assert not ("." in text and text.endswith("0"))


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (2, "二"), (3, "三"), (9, "九"), (10, "十"), (11, "十一"), (15, "十五"), (20, "二十"), (21, "二十一")]
    + [(99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十")],
)
def test_ranks_are_written_in_chinese_numerals(number, text):
    assert chinese_numeral(number) == text


def test_ranks_are_competition_ranks_by_growth_highest_first():
    ranks = rank_by_growth({"a": D("5.4"), "b": D("3"), "c": D("5.4"), "d": None, "e": D("-1")})
    assert ranks == {"a": 1, "c": 1, "b": 3, "e": 4}


def test_the_difference_from_the_city_is_in_percentage_points():
    assert diff_points(D("4.4"), D("3.5")) == D("0.9")
    assert diff_points(D("6.9"), D("5.9")) == D("1.0")
    assert diff_points(D("-3.9"), D("-3.3")) == D("-0.6")
    assert diff_points(None, D("1")) is None


def test_completion_is_a_percent_with_one_decimal():
    assert completion(372, 610) == D("61.0")
    assert completion(8, 12) == D("66.7")
    assert completion(None, 10) is None
    assert completion(3, 0) is None
