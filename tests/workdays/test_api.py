from datetime import date

import pytest

from gaoxin.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def deadline(client, **params):
    return client.get("/api/calendar/deadline", params)


class TestDeadline:
    def test_working_days_over_national_day(self, client):
        response = deadline(client, start="2026-09-30T10:00:00+08:00", working_days=5)
        assert response.status_code == 200
        assert response.json() == {"deadline": "2026-10-13T17:00:00+08:00", "provisional": False}

    def test_office_hours_over_a_weekend(self, client):
        response = deadline(client, start="2026-11-13T16:30:00+08:00", office_hours=2)
        assert response.json() == {"deadline": "2026-11-16T10:30:00+08:00", "provisional": False}

    def test_fractional_office_hours(self, client):
        response = deadline(client, start="2026-11-16T09:00:00+08:00", office_hours="2.5")
        assert response.json()["deadline"] == "2026-11-16T11:30:00+08:00"

    def test_start_without_offset_is_beijing_time(self, client):
        response = deadline(client, start="2026-09-30T10:00", working_days=5)
        assert response.json()["deadline"] == "2026-10-13T17:00:00+08:00"

    def test_start_in_utc_is_answered_in_beijing_time(self, client):
        response = deadline(client, start="2026-11-16T01:00:00Z", office_hours=1)
        assert response.json()["deadline"] == "2026-11-16T10:00:00+08:00"

    def test_unencoded_plus_of_the_offset_is_understood(self, client):
        response = client.get("/api/calendar/deadline?start=2026-09-30T10:00:00+08:00&working_days=5")
        assert response.json()["deadline"] == "2026-10-13T17:00:00+08:00"

    def test_unpublished_year_is_provisional(self, client):
        # Monday 30 September 2030; 1–3 October are the statutory days off, so the count starts on Friday the 4th.
        response = deadline(client, start="2030-09-30T10:00:00+08:00", working_days=5)
        assert response.json() == {"deadline": "2030-10-10T17:00:00+08:00", "provisional": True}

    def test_administrators_days_count(self, client):
        CalendarYear.objects.create(year=2030)
        CalendarDay.objects.create(date=date(2030, 10, 4), is_working_day=False, name="国庆节")
        CalendarDay.objects.create(date=date(2030, 10, 7), is_working_day=False, name="国庆节")
        response = deadline(client, start="2030-09-30T10:00:00+08:00", working_days=5)
        assert response.json() == {"deadline": "2030-10-14T17:00:00+08:00", "provisional": False}

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            pytest.param({"start": "2026-09-30T10:00:00+08:00"}, "working_days", id="neither"),
            pytest.param(
                {"start": "2026-09-30T10:00", "working_days": 1, "office_hours": 2}, "working_days", id="both"
            ),
            pytest.param({"start": "2026-09-30T10:00", "working_days": -1}, "working_days", id="negative-days"),
            pytest.param({"start": "2026-09-30T10:00", "office_hours": "-0.5"}, "office_hours", id="negative-hours"),
            pytest.param({"start": "2026-09-30T10:00", "working_days": 100000}, "working_days", id="too-many-days"),
            pytest.param({"start": "2026-09-30T10:00", "office_hours": 1e9}, "office_hours", id="too-many-hours"),
            pytest.param({"start": "下周一", "working_days": 5}, "start", id="unparsable-start"),
            pytest.param({"start": "9999-12-31T10:00", "working_days": 5}, "start", id="start-out-of-range"),
        ],
    )
    def test_bad_input_is_a_400_with_the_field(self, client, params, field):
        response = deadline(client, **params)
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert body["field"] == field
        assert body["detail"]

    def test_non_numeric_limit_is_a_malformed_request(self, client):
        response = deadline(client, start="2026-09-30T10:00", working_days="five")
        assert response.status_code == 422
        assert response.json()["field"] == "working_days"


class TestDays:
    def test_lists_weekday_holidays_and_weekend_working_days(self, client):
        body = client.get("/api/calendar/days", {"year": 2026}).json()
        assert body["year"] == 2026
        assert body["provisional"] is False
        days = {day["date"]: day for day in body["days"]}
        assert days["2026-10-01"] == {"date": "2026-10-01", "is_working_day": False, "name": "国庆节"}
        assert days["2026-10-10"] == {"date": "2026-10-10", "is_working_day": True, "name": "国庆节调休"}
        assert "2026-10-03" not in days

    def test_unpublished_year_shows_the_statutory_days_and_the_administrators(self, client):
        CalendarDay.objects.create(date=date(2030, 10, 4), is_working_day=False, name="国庆节")
        body = client.get("/api/calendar/days", {"year": 2030}).json()
        assert body["year"] == 2030
        assert body["provisional"] is True
        off = {day["date"]: day["name"] for day in body["days"] if not day["is_working_day"]}
        # 2030: 除夕 and 初一 (2–3 February) fall on the weekend, off anyway; 4 October is the administrator's.
        assert off == {
            "2030-01-01": "元旦",
            "2030-02-04": "春节",
            "2030-02-05": "春节",
            "2030-04-05": "清明",
            "2030-05-01": "劳动节",
            "2030-05-02": "劳动节",
            "2030-06-05": "端午",
            "2030-09-12": "中秋",
            "2030-10-01": "国庆节",
            "2030-10-02": "国庆节",
            "2030-10-03": "国庆节",
            "2030-10-04": "国庆节",
        }

    def test_year_out_of_range_is_a_400(self, client):
        response = client.get("/api/calendar/days", {"year": 1800})
        assert response.status_code == 400
        assert response.json()["field"] == "year"
