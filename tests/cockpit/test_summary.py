"""The cockpit's figures on a handful of cases with known statuses and times, and on the demo projects and economy."""

from decimal import Decimal

import pytest

from gaoxin.accounts.models import Department
from gaoxin.cases import selectors as case_selectors
from gaoxin.cockpit import selectors
from gaoxin.economy import selectors as economy_selectors
from gaoxin.projects import figures as project_figures
from gaoxin.projects import selectors as project_selectors
from gaoxin.projects.models import Project
from gaoxin.ratings import selectors as rating_selectors
from tests.cockpit.helpers import NOW, known_cases, user

pytestmark = pytest.mark.django_db


def test_services_count_today_open_overdue_and_on_time():
    known_cases()
    s = selectors.summary(user("leader"), now=NOW)["services"]

    assert s["cases_today"] == 3, "submitted since midnight in Beijing: two still open, one already approved"
    assert s["decided_today"] == 1, "approved or denied today; a refusal at the window is not a decision on the merits"
    assert s["in_progress"] == 5
    assert {row["status"]: row["count"] for row in s["in_progress_by_status"]} == {
        "submitted": 1,
        "corrections_requested": 1,
        "in_review": 2,
        "supplement_requested": 1,
    }
    assert s["overdue"] == 2, "open and past the deadline, waiting for the applicant or not"

    # The on-time rate: decided in the last 30 days, on time at 09:30 for 17:00, a day early and exactly at the
    # deadline, one denied a day late; and the two open cases already past their deadline, which can only end late.
    # The case decided 40 days ago is outside the window; the open case due in three days counts nowhere yet.
    # 3 ÷ (4 + 2), where decided cases alone would give 3 ÷ 4 = 75.0.
    assert (s["decided_in_window"], s["on_time_in_window"], s["open_overdue"]) == (4, 3, 2)
    assert s["on_time_rate"] == Decimal("50.0")
    assert s["on_time_window_days"] == 30


def test_on_time_rate_agrees_with_the_leader_overview():
    known_cases()
    ours = selectors.summary(user("leader"), now=NOW)["services"]
    theirs = case_selectors.leader_figures(user("leader"), now=NOW, days=30)
    counts = ("decided_in_window", "on_time_in_window", "open_overdue", "on_time_rate")
    assert [ours[key] for key in counts] == [theirs[key] for key in counts] == [4, 3, 2, Decimal("50.0")]
    assert ours["overdue"] == case_selectors.overdue_open_count(user("leader"), now=NOW)


def test_satisfaction_is_the_ratings_page_total():
    known_cases()
    s = selectors.summary(user("leader"), now=NOW)["services"]
    assert (s["ratings"], s["satisfaction"], s["average_level"], s["bad_ratings"]) == (
        3,
        Decimal("66.7"),
        Decimal("3.67"),
        1,
    )
    assert s["open_rectifications"] == 1
    total = rating_selectors.satisfaction(user("leader"))["total"]
    assert (s["satisfaction"], s["average_level"], s["ratings"]) == (
        total["satisfied_percent"],
        total["average_level"],
        total["ratings"],
    )


def test_open_and_overdue_tasks_per_department():
    known_cases()
    rows = selectors.summary(user("leader"), now=NOW)["services"]["overdue_by_department"]
    assert [(r["code"], r["open"], r["overdue"]) for r in rows] == [
        ("police", 1, 1),  # past its statutory limit: first
        ("amr", 1, 0),  # the task returned to the applicant (clock stopped) is not counted
        ("tax", 1, 0),
    ]
    assert rows[0]["name"] == Department.objects.get(code="police").name


def test_nothing_yet():
    s = selectors.summary(user("admin"), now=NOW)["services"]
    assert (s["cases_today"], s["in_progress"], s["overdue"], s["ratings"]) == (0, 0, 0, 0)
    assert (s["on_time_rate"], s["satisfaction"], s["average_level"]) == (None, None, None)
    assert s["overdue_by_department"] == []


def test_projects_as_the_statistics_page_counts_them():
    p = selectors.summary(user("leader"), now=NOW)["projects"]
    # The demo's action plans are for 2021; in 2026 the statistics page shows 2021, provincial and city projects.
    assert (p["year"], p["levels"], p["months_elapsed"]) == (2021, ["province", "city"], 12)
    expected = project_selectors.commencement(year=2021, levels=["province", "city"], as_of=p["as_of"])
    assert p["commencement_rate"] == expected["commencement_rate"]
    assert (p["new_starts_planned"], p["new_starts_started"]) == (
        expected["new_starts_planned"],
        expected["new_starts_started"],
    )
    totals = project_selectors.totals(year=2021, levels=["province", "city"])
    assert p["investment_plan"] == project_figures.wan_to_yi(totals["year_plan"])
    assert p["investment_completed"] == project_figures.wan_to_yi(totals["year_completed"])
    progress = project_figures.investment_progress(
        plan=totals["year_plan"], completed=totals["year_completed"], months_elapsed=12
    )
    assert (p["investment_completion"], p["time_elapsed_progress"], p["progress_difference"]) == (
        progress.completion_rate,
        progress.schedule_rate,
        progress.difference,
    )
    assert p["time_elapsed_progress"] == Decimal("100.0"), "a past year's schedule is the whole year"


def test_red_projects_by_leader_match_the_warning_lights():
    p = selectors.summary(user("leader"), now=NOW)["projects"]
    lights = project_selectors.milestone_lights(NOW)
    red = lights.red_project_ids()
    assert p["red_projects"] == len(red)
    assert p["yellow_projects"] == len(lights.yellow_project_ids() - red)
    for row in p["red_by_leader"]:
        led = set(Project.objects.filter(responsible_leader__username=row["username"]).values_list("pk", flat=True))
        assert (row["projects"], row["red"], row["yellow"]) == (
            len(led),
            len(led & red),
            len(led & (lights.yellow_project_ids() - red)),
        ), row["username"]
    reds = [r["red"] for r in p["red_by_leader"]]
    assert reds == sorted(reds, reverse=True), "most red first"
    assert sum(reds) <= p["red_projects"], "a project without a responsible leader is red for nobody"


def test_economy_zone_against_city_with_trends():
    e = selectors.summary(user("leader"), now=NOW)["economy"]
    assert (e["area"]["code"], e["city"]["code"], e["period"]) == ("gaoxin", "luoyang", "2021")
    assert [i["code"] for i in e["indicators"]] == ["gdp", "industry-va", "fai"], "the bulletin's indicators"
    zone = economy_selectors.zone_area()
    period = economy_selectors.latest_period(zone)
    rows = {r.indicator.code: r for r in economy_selectors.indicator_rows(user("leader"), area=zone, period=period)}
    for i in e["indicators"]:
        row = rows[i["code"]]
        assert (i["growth"], i["city_growth"], i["diff_points"], i["rank"]) == (
            row.growth,
            row.city_growth,
            row.diff_points,
            row.rank,
        )
        assert i["diff_points"] == i["growth"] - i["city_growth"]
    for t in e["trend"]:
        assert [p["period"] for p in t["points"]] == ["2019", "2020", "2021"]


def test_red_projects_at_the_real_now_agree_with_the_leaders_page():
    """At the real now (the projects page reads its lights then) both count the same red and yellow projects."""
    p = selectors.summary(user("leader"))["projects"]
    theirs = {
        row["user"].username: (row["red"], row["yellow"])
        for row in project_selectors.leaders_with_projects(user("leader"))
    }
    assert {r["username"]: (r["red"], r["yellow"]) for r in p["red_by_leader"]} == theirs
