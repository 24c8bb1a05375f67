"""Period codes: one canonical code per cumulative period, read leniently, refused when not cumulative."""

import pytest

from gaoxin.core.errors import DomainError
from gaoxin.economy.periods import Period, parse_period


@pytest.mark.parametrize(
    ("text", "code", "label"),
    [
        ("2020", "2020", "2020年"),
        ("2020年", "2020", "2020年"),
        ("2021Q1", "2021Q1", "2021年一季度"),
        ("2021q2", "2021Q2", "2021年上半年"),
        ("2021Q3", "2021Q3", "2021年前三季度"),
        ("2021Q4", "2021", "2021年"),
        ("2021M01-05", "2021M01-05", "2021年1—5月"),
        ("2021M1-5", "2021M01-05", "2021年1—5月"),
        ("2021M01-03", "2021Q1", "2021年一季度"),
        ("2021M01-12", "2021", "2021年"),
        ("2021M01", "2021M01-01", "2021年1月"),
        ("2021年1-5月", "2021M01-05", "2021年1—5月"),
        ("2021年1—5月", "2021M01-05", "2021年1—5月"),
        ("2021年一季度", "2021Q1", "2021年一季度"),
        ("2021年上半年", "2021Q2", "2021年上半年"),
        (" 2021 年 前三季度 ", "2021Q3", "2021年前三季度"),
        (2020, "2020", "2020年"),
        (2020.0, "2020", "2020年"),
    ],
)
def test_periods_have_one_canonical_code(text, code, label):
    period = parse_period(text)
    assert period.code == code
    assert period.label_zh == label
    assert parse_period(period.code) == period


@pytest.mark.parametrize("text", ["", None, "abc", "2021Q5", "21", "2021M01-13", "2021M00", "2021年二季度"])
def test_an_unreadable_period_is_refused_on_its_field(text):
    with pytest.raises(DomainError) as error:
        parse_period(text, field="period")
    assert error.value.field == "period"


@pytest.mark.parametrize("text", ["2021M03-05", "2021M05", "2021年3-5月"])
def test_only_cumulative_periods_from_january_are_kept(text):
    with pytest.raises(DomainError, match="自1月起的累计期"):
        parse_period(text)


def test_periods_order_by_time():
    assert sorted([Period(2021, 5), Period(2020), Period(2021, 3), Period(2019)]) == [
        Period(2019),
        Period(2020),
        Period(2021, 3),
        Period(2021, 5),
    ]
    assert Period(2020).same_time_in(2019) == Period(2019)
