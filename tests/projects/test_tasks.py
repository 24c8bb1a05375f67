"""Monthly report reminders: one digest per officer and month, listing each of their projects under construction
without the month's report, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.accounts.models import Role, User
from gaoxin.notifications.models import Kind, Notification
from gaoxin.projects import actions, periods
from gaoxin.projects.selectors import open_report_months
from gaoxin.projects.tasks import remind_reports, reports_missing
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return User.objects.create_user("officer-test", role=Role.OFFICER, display_name="测试专员")


def reminders(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=Kind.REPORTS_DUE).order_by("title"))


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
    assert reminder.title == f"请填报 1 个项目 {year} 年 {month} 月月报"
    assert "甲项目" in reminder.body and "乙项目" not in reminder.body and "丙项目" not in reminder.body
    assert reminder.subject_key == f"{year}-{month:02d}"
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
        f"请填报 1 个项目 {last_month.year} 年 {last_month.month} 月月报",
        f"请填报 1 个项目 {today.year} 年 {today.month} 月月报",
    }


def test_the_demo_officer_gets_one_digest_listing_every_project_not_one_message_each():
    """The demo's officer keeps many of the zone's key projects: once a reminder for each, now one message."""
    officer = User.objects.get(username="officer")
    done = remind_reports.call()
    theirs = sum(1 for p in reports_missing(done["year"], done["month"]) if p.officer_id == officer.pk)
    assert theirs > 1
    [digest] = reminders(officer)
    assert digest.title.startswith(f"请填报 {theirs} 个项目")
    assert len([line for line in digest.body.splitlines() if "/reports/new/" in line]) == theirs
    assert Notification.objects.filter(kind=Kind.REPORTS_DUE).count() == done["officers"]
    assert digest.link == "/projects/"
    remind_reports.call()
    assert len(reminders(officer)) == 1, "and once"
