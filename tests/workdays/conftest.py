import pytest

from gaoxin.workdays.calendar import WorkCalendar, forget_cached_calendar


@pytest.fixture
def library_calendar() -> WorkCalendar:
    """chinese_calendar alone, without database overrides: for tests that need no database."""
    return WorkCalendar()


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # A rolled-back test database sends no signals, so a calendar cached during a test would outlive its rows.
    forget_cached_calendar()
    yield
    forget_cached_calendar()
