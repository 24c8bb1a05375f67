"""The arithmetic of the zone's reports: Decimal percentages to one decimal, rounded half up."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaoxin.core.numbers import percent
from gaoxin.projects import figures, periods


def test_the_zones_example_629_of_647_4_by_october():
    """629.0 of 647.4 by the end of October is 97.2%, ahead of the 83.3% schedule by 13.8 points."""
    progress = figures.investment_progress(
        plan=Decimal("647.4"),
        completed=Decimal("629.0"),
        months_elapsed=periods.months_elapsed(2021, date(2021, 10, 31)),
    )
    assert progress.completion_rate == Decimal("97.2")
    assert progress.schedule_rate == Decimal("83.3")
    # From the exact quotients (97.158… − 83.333… = 13.825…), not from the rounded rates (which would give 13.9).
    assert progress.difference == Decimal("13.8")
    assert progress.state == "ahead"


def test_percent_rounds_half_up_and_refuses_no_plan():
    assert percent(9, 10) == Decimal("90.0")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(Decimal("0.0125"), 1) == Decimal("1.3")  # 1.25 → 1.3 (half up, not banker's)
    assert percent(Decimal("0.0135"), 1) == Decimal("1.4")
    assert percent(5, 0) is None


def test_behind_schedule_and_no_plan():
    behind = figures.investment_progress(plan=Decimal("1200"), completed=Decimal("500"), months_elapsed=6)
    assert (behind.completion_rate, behind.schedule_rate, behind.difference, behind.state) == (
        Decimal("41.7"),
        Decimal("50.0"),
        Decimal("-8.3"),
        "behind",
    )
    none = figures.investment_progress(plan=Decimal("0"), completed=Decimal("10"), months_elapsed=3)
    assert none.completion_rate is None and none.difference is None and none.state == "no_plan"
    with pytest.raises(ValueError):
        figures.investment_progress(plan=Decimal("1"), completed=Decimal("1"), months_elapsed=13)


def test_wan_to_yi():
    assert figures.wan_to_yi(Decimal("2807200.00")) == Decimal("280.72")
    assert figures.wan_to_yi(Decimal("647.40")) == Decimal("0.06")


@pytest.mark.parametrize(
    ("as_of", "months"),
    [
        (date(2021, 10, 31), 10),
        (date(2021, 11, 15), 10),
        (date(2021, 11, 30), 11),
        (date(2021, 1, 1), 0),
        (date(2022, 2, 1), 12),
        (date(2020, 12, 31), 0),
    ],
)
def test_months_elapsed(as_of, months):
    assert periods.months_elapsed(2021, as_of) == months


@given(
    plan=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
    completed=st.decimals(min_value=Decimal("0"), max_value=Decimal("2000000"), places=2),
    months=st.integers(min_value=0, max_value=12),
)
def test_difference_is_the_rounded_exact_difference(plan, completed, months):
    progress = figures.investment_progress(plan=plan, completed=completed, months_elapsed=months)
    exact = completed * 100 / plan - Decimal(months) * 100 / 12
    assert abs(progress.difference - exact) <= Decimal("0.05")
    assert progress.completion_rate.as_tuple().exponent == -1
    assert (progress.difference > 0) == (progress.state == "ahead")
