"""Satisfaction figures per department and per bundle, computed on a handful of ratings."""

from decimal import Decimal

import pytest

from gaoxin.core.errors import NotFound
from gaoxin.ratings import actions, selectors
from gaoxin.ratings.selectors import figures
from tests.ratings.helpers import approved_case, not_accepted_case, rate, user

pytestmark = pytest.mark.django_db


def by_code(rows: list[dict]) -> dict:
    return {row["code"]: row for row in rows}


def test_figures_per_department_and_per_bundle():
    # 住房公积金提取 (department hpf): 5, 4, 1
    for name, level in (("一", 5), ("二", 4), ("三", 1)):
        rate(approved_case(name=name), level)
    # 企业开办 (first step amr; the rater may name another of its departments): 3, 2 → tax, 5 → police
    rate(approved_case(bundle="company-setup", name="四"), 3)
    taxed = rate(approved_case(bundle="company-setup", name="五"), 2, department="tax")
    rate(approved_case(bundle="company-setup", name="六"), 5, department="police")
    # not accepted at the window, so no task at all: counts for the first planned department (amr)
    rate(not_accepted_case(), 4)
    # a single item, not a bundle
    rate(approved_case(item="HPF-WD-001", name="七"), 5)
    # the tax rectification is closed, the hpf one stays open
    tax = user("tax")
    actions.rectification_callback(rectification=taxed.rectification, actor=tax, note="已回访")
    actions.rectification_close(rectification=taxed.rectification, actor=tax, result="已整改")

    data = selectors.satisfaction(user("leader"))
    departments = by_code(data["departments"])
    assert list(departments) == ["amr", "hpf", "police", "tax"], "only departments that were rated, by code"
    expected = {
        # code: ratings, satisfied, percent, average, bad, open
        "hpf": (4, 3, "75.0", "3.75", 1, 1),
        "amr": (2, 1, "50.0", "3.50", 0, 0),
        "tax": (1, 0, "0.0", "2.00", 1, 0),
        "police": (1, 1, "100.0", "5.00", 0, 0),
    }
    for code, (count, satisfied, percent, average, bad, still_open) in expected.items():
        row = departments[code]
        assert (row["ratings"], row["satisfied"], row["bad"], row["open_rectifications"]) == (
            count,
            satisfied,
            bad,
            still_open,
        ), code
        assert (row["satisfied_percent"], row["average_level"]) == (Decimal(percent), Decimal(average)), code

    bundles = by_code(data["bundles"])
    assert list(bundles) == ["company-setup", "hpf-withdrawal", "simple-deregistration", None]
    hpf, company, item = bundles["hpf-withdrawal"], bundles["company-setup"], bundles[None]
    assert (hpf["ratings"], hpf["satisfied_percent"], hpf["average_level"], hpf["bad"]) == (
        3,
        Decimal("66.7"),
        Decimal("3.33"),
        1,
    )
    assert hpf["open_rectifications"] == 1
    assert (company["ratings"], company["satisfied_percent"], company["average_level"], company["bad"]) == (
        4,
        Decimal("50.0"),
        Decimal("3.50"),
        1,
    )
    assert company["open_rectifications"] == 0
    assert (item["ratings"], item["satisfied_percent"], item["name"]) == (1, Decimal("100.0"), "单个事项（非一件事）")
    unrated = bundles["simple-deregistration"]
    assert (unrated["ratings"], unrated["satisfied_percent"], unrated["average_level"]) == (0, None, None)

    total = data["total"]
    assert (total["ratings"], total["satisfied"], total["bad"], total["open_rectifications"]) == (8, 5, 2, 1)
    assert (total["satisfied_percent"], total["average_level"]) == (Decimal("62.5"), Decimal("3.63"))


def test_rounding_is_half_up_on_exact_decimals():
    assert figures(8, 1, 0, 29, 0)["satisfied_percent"] == Decimal("12.5")
    assert figures(3, 2, 0, 10, 0)["average_level"] == Decimal("3.33")
    assert figures(8, 5, 0, 29, 0)["average_level"] == Decimal("3.63")  # 3.625 → 3.63, not banker's 3.62
    assert figures(0, 0, 0, None, 2) == {
        "ratings": 0,
        "satisfied": 0,
        "satisfied_percent": None,
        "average_level": None,
        "bad": 0,
        "open_rectifications": 2,
    }


@pytest.mark.parametrize("username", ["applicant", "amr"])
def test_figures_are_not_for_applicants_or_departments(username):
    with pytest.raises(NotFound):
        selectors.satisfaction(user(username))


def test_the_figures_cost_the_same_queries_whatever_the_number_of_ratings(django_assert_num_queries):
    leader = user("leader")
    rate(approved_case(), 2)
    with django_assert_num_queries(6):
        selectors.satisfaction(leader)
    rate(approved_case(name="二"), 1)
    rate(approved_case(bundle="company-setup", name="三"), 5)
    with django_assert_num_queries(6):
        selectors.satisfaction(leader)
