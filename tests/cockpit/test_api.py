"""GET /api/cockpit/summary: the shape, the figures as strings in percent, and who may read it."""

from decimal import Decimal
from unittest import mock

import pytest

from tests.cockpit.helpers import NOW, known_cases

pytestmark = pytest.mark.django_db

READERS = ["leader", "leader2", "admin"]
OTHERS = ["applicant", "window", "amr", "officer", "stats"]


@pytest.fixture
def at_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def test_summary_shape_and_figures(api, at_now):
    known_cases()
    response = api("leader").get("/api/cockpit/summary")
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == {"services", "projects", "economy", "demands", "generated_at"}
    assert data["generated_at"].startswith("2026-03-18T10:00:00")

    s = data["services"]
    assert {k: s[k] for k in ("cases_today", "in_progress", "overdue", "on_time_rate", "satisfaction")} == {
        "cases_today": 3,
        "in_progress": 5,
        "overdue": 2,
        "on_time_rate": "50.0",
        "satisfaction": "66.7",
    }
    # The counts of the on-time rate are in the answer, so that a reader can recompute it: 3 ÷ (4 + 2).
    counts = (s["on_time_in_window"], s["decided_in_window"], s["open_overdue"])
    assert counts == (3, 4, 2)
    assert Decimal(s["on_time_rate"]) == round(Decimal(100 * counts[0]) / (counts[1] + counts[2]), 1)
    assert s["average_level"] == "3.67"
    police = s["overdue_by_department"][0]
    assert (police["code"], police["short_name"], police["open"], police["overdue"]) == ("police", "公安", 1, 1)

    p = data["projects"]
    for key in ("commencement_rate", "investment_completion", "time_elapsed_progress"):
        assert isinstance(p[key], str) and "." in p[key], (key, p[key])  # percent, one decimal
    assert p["time_elapsed_progress"] == "100.0"
    assert isinstance(p["red_by_leader"], list) and {"username", "name", "red", "yellow"} <= set(p["red_by_leader"][0])

    e = data["economy"]
    assert e["period"] == "2021"
    gdp = e["indicators"][0]
    assert set(gdp) == {"code", "name", "unit", "level", "growth", "city_growth", "diff_points", "rank", "rank_of"}
    assert gdp["code"] == "gdp" and isinstance(gdp["growth"], str) and isinstance(gdp["diff_points"], str)
    assert [t["code"] for t in e["trend"]] == [i["code"] for i in e["indicators"]]
    assert [pt["period"] for pt in e["trend"][0]["points"]] == ["2019", "2020", "2021"]


def test_empty_rates_are_null(api):
    s = api("admin").get("/api/cockpit/summary").json()["services"]
    assert (s["on_time_rate"], s["satisfaction"], s["average_level"]) == (None, None, None)


@pytest.mark.parametrize("username", READERS)
def test_leaders_and_administrators_read_it(api, username):
    assert api(username).get("/api/cockpit/summary").status_code == 200


@pytest.mark.parametrize("username", OTHERS)
def test_anyone_else_is_told_it_does_not_exist(api, username):
    response = api(username).get("/api/cockpit/summary")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_nobody_logged_in_gets_401(client):
    response = client.get("/api/cockpit/summary")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_page_session_works_too(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="leader"))
    assert client.get("/api/cockpit/summary").status_code == 200
