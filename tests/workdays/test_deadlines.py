from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from gaoxin.workdays.deadlines import (
    Deadline,
    SlaState,
    add_office_hours,
    add_working_days,
    office_seconds_between,
    share_used,
    sla_state,
)
from gaoxin.workdays.models import CalendarDay, CalendarYear
from tests.workdays.helpers import BEIJING, beijing

NATIONAL_DAY_EVE = beijing(2026, 9, 30, 10)
HOUR = 3600


class TestWorkingDays:
    def test_national_day_and_make_up_saturday(self, library_calendar):
        deadline = add_working_days(NATIONAL_DAY_EVE, 5, calendar=library_calendar)
        assert deadline == Deadline(beijing(2026, 10, 13, 17), provisional=False)
        assert deadline.at.isoformat() == "2026-10-13T17:00:00+08:00"

    def test_acceptance_day_is_not_counted_even_early_in_the_morning(self, library_calendar):
        monday_morning = beijing(2026, 11, 16, 9)
        assert add_working_days(monday_morning, 1, calendar=library_calendar).at == beijing(2026, 11, 17, 17)

    def test_friday_acceptance_ends_on_monday(self, library_calendar):
        friday_evening = beijing(2026, 11, 13, 20)
        assert add_working_days(friday_evening, 1, calendar=library_calendar).at == beijing(2026, 11, 16, 17)

    def test_weekend_acceptance_counts_from_monday(self, library_calendar):
        saturday = beijing(2026, 11, 14, 11)
        assert add_working_days(saturday, 1, calendar=library_calendar).at == beijing(2026, 11, 16, 17)

    def test_zero_days_is_close_of_business_on_the_acceptance_day(self, library_calendar):
        assert add_working_days(beijing(2026, 11, 16, 16), 0, calendar=library_calendar).at == beijing(2026, 11, 16, 17)

    def test_zero_days_after_closing_is_the_next_working_day(self, library_calendar):
        friday_evening = beijing(2026, 11, 13, 17, 30)
        assert add_working_days(friday_evening, 0, calendar=library_calendar).at == beijing(2026, 11, 16, 17)

    def test_start_in_another_zone_is_read_in_beijing_time(self, library_calendar):
        early_on_the_30th = datetime(2026, 9, 29, 20, tzinfo=UTC)  # 04:00 on 30 September in Beijing
        deadline = add_working_days(early_on_the_30th, 5, calendar=library_calendar)
        assert deadline.at == beijing(2026, 10, 13, 17)
        assert deadline.at.tzinfo == BEIJING

    def test_crossing_into_an_unpublished_year_is_provisional(self, library_calendar):
        deadline = add_working_days(beijing(2026, 12, 28, 10), 10, calendar=library_calendar)
        assert deadline.provisional
        assert deadline.at.year == 2027

    def test_negative_days_are_refused(self, library_calendar):
        with pytest.raises(ValueError):
            add_working_days(NATIONAL_DAY_EVE, -1, calendar=library_calendar)

    def test_naive_start_is_refused(self, library_calendar):
        with pytest.raises(ValueError, match="naive"):
            add_working_days(datetime(2026, 9, 30, 10), 5, calendar=library_calendar)


class TestOfficeHours:
    @pytest.mark.parametrize(
        ("start", "hours", "expected"),
        [
            pytest.param(beijing(2026, 11, 16, 9), 3, beijing(2026, 11, 16, 12), id="ends-at-lunch-not-after-it"),
            pytest.param(beijing(2026, 11, 16, 11), 2, beijing(2026, 11, 16, 14), id="over-lunch"),
            pytest.param(beijing(2026, 11, 16, 12, 30), 1, beijing(2026, 11, 16, 14), id="start-at-lunch"),
            pytest.param(beijing(2026, 11, 13, 16, 30), 2, beijing(2026, 11, 16, 10, 30), id="over-weekend"),
            pytest.param(beijing(2026, 9, 30, 16), 2, beijing(2026, 10, 8, 10), id="over-national-day"),
            pytest.param(beijing(2026, 10, 9, 16), 2, beijing(2026, 10, 10, 10), id="into-make-up-saturday"),
            pytest.param(beijing(2026, 11, 16, 7, 45), 2, beijing(2026, 11, 16, 11), id="before-nine"),
            pytest.param(beijing(2026, 11, 16, 18), 2, beijing(2026, 11, 17, 11), id="after-five"),
            pytest.param(beijing(2026, 11, 16, 10), 7, beijing(2026, 11, 17, 10), id="a-full-office-day"),
            pytest.param(beijing(2026, 11, 16, 10), 0.5, beijing(2026, 11, 16, 10, 30), id="float"),
            pytest.param(beijing(2026, 11, 16, 10), Decimal("1.25"), beijing(2026, 11, 16, 11, 15), id="decimal"),
            pytest.param(beijing(2026, 11, 14, 10), 0, beijing(2026, 11, 14, 10), id="zero"),
        ],
    )
    def test_examples(self, library_calendar, start, hours, expected):
        assert add_office_hours(start, hours, calendar=library_calendar) == Deadline(expected, provisional=False)

    def test_uncovered_year_is_provisional(self, library_calendar):
        assert add_office_hours(beijing(2030, 10, 1, 10), 2, calendar=library_calendar).provisional

    @pytest.mark.parametrize("hours", [-1, Decimal("-0.5"), float("nan"), Decimal("Infinity")])
    def test_bad_hours_are_refused(self, library_calendar, hours):
        with pytest.raises(ValueError):
            add_office_hours(NATIONAL_DAY_EVE, hours, calendar=library_calendar)


class TestPauses:
    def test_pause_moves_an_office_hours_deadline_by_the_office_time_paused(self, library_calendar):
        pause = (beijing(2026, 11, 16, 10), beijing(2026, 11, 16, 11))
        deadline = add_office_hours(beijing(2026, 11, 16, 9), 4, pauses=[pause], calendar=library_calendar)
        assert deadline.at == beijing(2026, 11, 16, 15)

    def test_only_office_time_inside_a_pause_counts(self, library_calendar):
        overnight = (beijing(2026, 11, 16, 16), beijing(2026, 11, 17, 10))  # 1 h on Monday, 1 h on Tuesday
        deadline = add_office_hours(beijing(2026, 11, 16, 9), 10, pauses=[overnight], calendar=library_calendar)
        assert deadline.at == beijing(2026, 11, 17, 15)

    def test_pause_on_a_weekend_changes_nothing(self, library_calendar):
        weekend = (beijing(2026, 11, 14, 0), beijing(2026, 11, 16, 0))
        deadline = add_office_hours(beijing(2026, 11, 13, 16, 30), 2, pauses=[weekend], calendar=library_calendar)
        assert deadline.at == beijing(2026, 11, 16, 10, 30)

    def test_overlapping_pauses_count_once(self, library_calendar):
        pauses = [
            (beijing(2026, 11, 16, 10), beijing(2026, 11, 16, 11)),
            (beijing(2026, 11, 16, 9, 30), beijing(2026, 11, 16, 10, 30)),
        ]
        deadline = add_office_hours(beijing(2026, 11, 16, 9), 4, pauses=pauses, calendar=library_calendar)
        assert deadline.at == beijing(2026, 11, 16, 15, 30)  # 09:00–09:30, 11:00–12:00, 13:00–15:30

    def test_working_day_deadline_shifts_then_rounds_up_to_close_of_business(self, library_calendar):
        two_hours_on_the_8th = (beijing(2026, 10, 8, 9), beijing(2026, 10, 8, 11))
        deadline = add_working_days(NATIONAL_DAY_EVE, 5, pauses=[two_hours_on_the_8th], calendar=library_calendar)
        assert deadline.at == beijing(2026, 10, 14, 17)

    def test_whole_paused_days_move_a_working_day_deadline_by_whole_days(self, library_calendar):
        two_days = (beijing(2026, 10, 8, 9), beijing(2026, 10, 9, 17))
        deadline = add_working_days(NATIONAL_DAY_EVE, 5, pauses=[two_days], calendar=library_calendar)
        assert deadline.at == beijing(2026, 10, 15, 17)

    def test_pause_on_the_acceptance_day_does_not_move_a_working_day_deadline(self, library_calendar):
        afternoon = (beijing(2026, 9, 30, 13), beijing(2026, 9, 30, 17))
        deadline = add_working_days(NATIONAL_DAY_EVE, 5, pauses=[afternoon], calendar=library_calendar)
        assert deadline.at == beijing(2026, 10, 13, 17)

    def test_pause_begun_before_the_start_counts_from_the_start(self, library_calendar):
        pause = (beijing(2026, 11, 13, 9), beijing(2026, 11, 16, 10))
        deadline = add_office_hours(beijing(2026, 11, 16, 9), 1, pauses=[pause], calendar=library_calendar)
        assert deadline.at == beijing(2026, 11, 16, 11)

    @pytest.mark.parametrize(
        "pause",
        [
            pytest.param((beijing(2026, 10, 8, 9), None), id="open-ended"),
            pytest.param((beijing(2026, 10, 8, 11), beijing(2026, 10, 8, 9)), id="reversed"),
            pytest.param((datetime(2026, 10, 8, 9), datetime(2026, 10, 8, 11)), id="naive"),
        ],
    )
    def test_bad_pauses_are_refused(self, library_calendar, pause):
        with pytest.raises(ValueError):
            add_working_days(NATIONAL_DAY_EVE, 5, pauses=[pause], calendar=library_calendar)


class TestOfficeSecondsBetween:
    def test_counts_office_time_only(self, library_calendar):
        friday_four_pm, monday_ten_am = beijing(2026, 11, 13, 16), beijing(2026, 11, 16, 10)
        assert office_seconds_between(friday_four_pm, monday_ten_am, calendar=library_calendar) == 2 * HOUR

    def test_skips_lunch_and_pauses(self, library_calendar):
        pause = (beijing(2026, 11, 16, 14), beijing(2026, 11, 16, 15))
        seconds = office_seconds_between(
            beijing(2026, 11, 16, 11), beijing(2026, 11, 16, 17), pauses=[pause], calendar=library_calendar
        )
        assert seconds == 4 * HOUR

    def test_is_zero_when_end_is_not_after_start(self, library_calendar):
        assert (
            office_seconds_between(beijing(2026, 11, 16, 11), beijing(2026, 11, 16, 10), calendar=library_calendar) == 0
        )


class TestShareAndSla:
    START = beijing(2026, 11, 16, 9)  # Monday; 2 office hours end at 11:00

    def share(self, now, calendar, **kwargs):
        return share_used(start=self.START, deadline=beijing(2026, 11, 16, 11), now=now, calendar=calendar, **kwargs)

    def test_office_hours_share(self, library_calendar):
        assert self.share(self.START, library_calendar) == 0
        assert self.share(beijing(2026, 11, 16, 10), library_calendar) == 0.5
        assert self.share(beijing(2026, 11, 16, 11), library_calendar) == 1.0
        assert self.share(beijing(2026, 11, 16, 14), library_calendar) == 2.0

    def test_share_stands_still_during_a_pause(self, library_calendar):
        pause = (beijing(2026, 11, 16, 10), beijing(2026, 11, 16, 10, 30))
        deadline = add_office_hours(self.START, 2, pauses=[pause], calendar=library_calendar).at
        assert deadline == beijing(2026, 11, 16, 11, 30)
        for now in (beijing(2026, 11, 16, 10), beijing(2026, 11, 16, 10, 30)):
            share = share_used(start=self.START, deadline=deadline, now=now, pauses=[pause], calendar=library_calendar)
            assert share == 0.5

    def test_working_day_share_leaves_out_the_acceptance_day(self, library_calendar):
        deadline = add_working_days(NATIONAL_DAY_EVE, 5, calendar=library_calendar).at
        kwargs = {"start": NATIONAL_DAY_EVE, "deadline": deadline, "calendar": library_calendar}
        assert share_used(now=beijing(2026, 9, 30, 16), **kwargs) == 0
        assert share_used(now=beijing(2026, 10, 8, 17), **kwargs) == 0.2
        assert share_used(now=deadline, **kwargs) == 1.0

    def test_share_of_a_limit_without_office_time(self, library_calendar):
        friday_evening = beijing(2026, 11, 13, 18)
        kwargs = {"start": friday_evening, "deadline": friday_evening, "calendar": library_calendar}
        assert share_used(now=friday_evening - timedelta(minutes=1), **kwargs) == 0
        assert share_used(now=friday_evening, **kwargs) == 1.0

    @pytest.mark.parametrize(
        ("now", "state"),
        [
            (beijing(2026, 11, 16, 10, 30), SlaState.ON_TIME),
            (beijing(2026, 11, 16, 10, 36), SlaState.WARNING),  # 0.8 of two hours used
            (beijing(2026, 11, 16, 11), SlaState.WARNING),
            (beijing(2026, 11, 16, 11, 0, 1), SlaState.OVERDUE),
        ],
    )
    def test_sla_state(self, library_calendar, now, state):
        deadline = beijing(2026, 11, 16, 11)
        assert sla_state(start=self.START, deadline=deadline, now=now, calendar=library_calendar) == state

    def test_warning_share_comes_from_settings(self, library_calendar, settings):
        settings.GAOXIN = {**settings.GAOXIN, "SLA_WARNING_SHARE": 0.5}
        now = beijing(2026, 11, 16, 10)
        state = sla_state(start=self.START, deadline=beijing(2026, 11, 16, 11), now=now, calendar=library_calendar)
        assert state == SlaState.WARNING


class TestOfficeHoursSetting:
    def test_office_hours_come_from_settings(self, library_calendar, settings):
        settings.GAOXIN = {**settings.GAOXIN, "OFFICE_HOURS": [("08:30", "12:00"), ("14:00", "17:30")]}
        assert add_office_hours(beijing(2026, 11, 16, 11), 2, calendar=library_calendar).at == beijing(2026, 11, 16, 15)
        assert add_working_days(beijing(2026, 11, 16, 11), 1, calendar=library_calendar).at.time() == time(17, 30)


@pytest.mark.django_db
class TestDatabaseCalendar:
    def test_extra_holiday_moves_the_deadline_at_once(self):
        assert add_working_days(NATIONAL_DAY_EVE, 5).at == beijing(2026, 10, 13, 17)
        CalendarDay.objects.create(date=date(2026, 10, 9), is_working_day=False, name="临时放假")
        assert add_working_days(NATIONAL_DAY_EVE, 5).at == beijing(2026, 10, 14, 17)

    def test_uncovered_year_counts_weekends_and_statutory_days_and_is_provisional(self):
        # 2030-09-30 is a Monday; with no notice known, 1–3 October are off by law and the 4th is a working day.
        deadline = add_working_days(beijing(2030, 9, 30, 10), 5)
        assert deadline == Deadline(beijing(2030, 10, 10, 17), provisional=True)

    def test_published_year_is_not_provisional(self):
        CalendarYear.objects.create(year=2030)
        for day in range(1, 8):
            CalendarDay.objects.create(date=date(2030, 10, day), is_working_day=False, name="国庆节")
        deadline = add_working_days(beijing(2030, 9, 30, 10), 5)
        assert deadline == Deadline(beijing(2030, 10, 14, 17), provisional=False)
