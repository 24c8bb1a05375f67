"""Monthly report reminders: the officer of each project under construction without this month's report, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.accounts.models import Role, User
from gaoxin.notifications.models import Kind, Notification
from gaoxin.projects import actions, periods
from gaoxin.projects.selectors import open_report_months
from gaoxin.projects.tasks import remind_reports
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return User.objects.create_user("officer-test", role=Role.OFFICER, display_name="测试专员")


def reminders(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=Kind.REPORT_DUE).order_by("title"))


def test_the_officer_is_reminded_of_each_project_whose_report_is_missing_once(officer):
    now = timezone.now()
    year, month = open_report_months(now)[0]
    missing = make_project(officer=officer, name="甲项目")
    filed = make_project(officer=officer, name="乙项目")
    # Not started: nothing is invested yet, so there is nothing to report.
    make_project(officer=officer, name="丙项目", stage="planning", actual_start=None)
    actions.report_submit(project=filed, actor=officer, year=year, month=month, invested="10", progress="主体施工")

    done = remind_reports.call(now=now)
    remind_reports.call(now=now + timedelta(minutes=5))
    assert done["year"] == year and done["month"] == month
    [reminder] = reminders(officer)
    assert "甲项目" in reminder.title and f"{year} 年 {month} 月" in reminder.title
    assert reminder.subject_key == f"{missing.pk}:{year}-{month:02d}"
    assert reminder.link == f"/projects/{missing.pk}/reports/new/"
    due = timezone.localtime(periods.report_due(year, month).at)
    assert due.strftime("%Y-%m-%d %H:%M") in reminder.body


def test_run_late_it_reminds_of_last_months_report_until_that_month_closes(officer):
    """Run on the 25th the month is this one; run in the first days of the next month (a scheduler that was down)
    it is still the month before, until its report's due date closes it."""
    today = timezone.localdate()
    make_project(officer=officer, name="甲项目")
    last_month = today.replace(day=1) - timedelta(days=1)
    closes = periods.report_due(last_month.year, last_month.month).at
    before = remind_reports.call(now=closes - timedelta(hours=1))
    assert (before["year"], before["month"]) == (last_month.year, last_month.month)
    after = remind_reports.call(now=closes + timedelta(minutes=1))
    assert (after["year"], after["month"]) == (today.year, today.month)
    assert {r.title for r in reminders(officer)} == {
        f"请填报“甲项目” {last_month.year} 年 {last_month.month} 月月报",
        f"请填报“甲项目” {today.year} 年 {today.month} 月月报",
    }
