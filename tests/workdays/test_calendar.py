from datetime import date

import pytest

from gaoxin.workdays import calendar as calendar_module
from gaoxin.workdays.calendar import Day, WorkCalendar, current_calendar
from gaoxin.workdays.models import CalendarDay, CalendarYear


class TestLibraryData:
    def test_national_day_is_a_holiday_on_a_weekday(self, library_calendar):
        assert not library_calendar.is_working_day(date(2026, 10, 1))
        assert library_calendar.day_name(date(2026, 10, 1)) == "国庆节"

    def test_make_up_saturday_is_a_working_day(self, library_calendar):
        assert library_calendar.is_working_day(date(2026, 10, 10))
        assert library_calendar.day_name(date(2026, 10, 10)) == "国庆节调休"

    def test_ordinary_days_follow_the_week(self, library_calendar):
        assert library_calendar.is_working_day(date(2026, 11, 16))
        assert not library_calendar.is_working_day(date(2026, 11, 15))
        assert library_calendar.day_name(date(2026, 11, 16)) == ""

    def test_covered_years_are_not_provisional(self, library_calendar):
        assert not library_calendar.is_provisional(date(2004, 1, 1))
        assert not library_calendar.is_provisional(date(2026, 12, 31))


class TestUncoveredYear:
    def test_weekends_and_statutory_days_are_off(self, library_calendar):
        assert not library_calendar.is_working_day(date(2030, 10, 1))  # a Tuesday; 国庆 by law
        assert library_calendar.day_name(date(2030, 10, 1)) == "国庆节"
        assert not library_calendar.is_working_day(date(2030, 10, 5))  # a Saturday
        # No notice yet, so no bridge days: Friday 4 October and the Monday after are working days.
        assert library_calendar.is_working_day(date(2030, 10, 4))
        assert library_calendar.is_working_day(date(2030, 10, 7))
        assert library_calendar.day_name(date(2030, 10, 7)) == ""

    def test_is_provisional_until_published(self):
        assert WorkCalendar().is_provisional(date(2030, 6, 1))
        assert not WorkCalendar(published_years=[2030]).is_provisional(date(2030, 6, 1))


class TestOverrides:
    def test_override_beats_the_library(self):
        calendar = WorkCalendar([Day(date(2026, 10, 1), True, "值班"), Day(date(2026, 11, 16), False, "临时放假")])
        assert calendar.is_working_day(date(2026, 10, 1))
        assert not calendar.is_working_day(date(2026, 11, 16))
        assert calendar.day_name(date(2026, 11, 16)) == "临时放假"

    def test_non_standard_days_lists_weekday_holidays_and_weekend_working_days(self, library_calendar):
        days = {day.date: day for day in library_calendar.non_standard_days(2026)}
        assert days[date(2026, 10, 1)] == Day(date(2026, 10, 1), False, "国庆节")
        assert days[date(2026, 10, 10)] == Day(date(2026, 10, 10), True, "国庆节调休")
        assert date(2026, 10, 3) not in days  # a Saturday off anyway
        assert list(days) == sorted(days)

    def test_uncovered_year_lists_its_statutory_days_on_weekdays(self, library_calendar):
        days = library_calendar.non_standard_days(2030)
        assert all(not day.is_working_day and day.date.weekday() < 5 and day.name for day in days)
        assert [day.date for day in days][:3] == [date(2030, 1, 1), date(2030, 2, 4), date(2030, 2, 5)]
        assert len(days) == 11  # 13 days off, of which 除夕 and 初一 fall on a weekend


@pytest.mark.django_db
class TestCurrentCalendar:
    def test_database_override_is_visible_at_once(self):
        assert current_calendar().is_working_day(date(2026, 11, 16))
        day = CalendarDay.objects.create(date=date(2026, 11, 16), is_working_day=False, name="临时放假")
        assert not current_calendar().is_working_day(date(2026, 11, 16))
        day.delete()
        assert current_calendar().is_working_day(date(2026, 11, 16))

    def test_published_year_is_visible_at_once(self):
        assert current_calendar().is_provisional(date(2030, 1, 1))
        CalendarYear.objects.create(year=2030, note="国办发明电〔2029〕")
        assert not current_calendar().is_provisional(date(2030, 1, 1))

    def test_cached_calendar_costs_no_query(self, django_assert_num_queries):
        current_calendar()
        with django_assert_num_queries(0):
            current_calendar()

    def test_edits_without_signals_show_after_the_cache_expires(self, monkeypatch):
        CalendarDay.objects.create(date=date(2026, 11, 16), is_working_day=False)
        assert not current_calendar().is_working_day(date(2026, 11, 16))
        CalendarDay.objects.update(is_working_day=True)  # another process's edit: no signal here
        assert not current_calendar().is_working_day(date(2026, 11, 16))
        monkeypatch.setattr(calendar_module, "CACHE_SECONDS", 0)
        assert current_calendar().is_working_day(date(2026, 11, 16))
