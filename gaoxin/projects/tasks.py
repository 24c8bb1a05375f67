"""The key projects' scheduled jobs: escalating late element requests and reminding officers of monthly reports."""

from datetime import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gaoxin.notifications.actions import Message, notify, when
from gaoxin.notifications.models import Kind
from gaoxin.projects import periods
from gaoxin.projects.actions import requests_escalate
from gaoxin.projects.models import MonthlyReport, Project, Stage
from gaoxin.projects.selectors import open_report_months


@task()
def escalate_requests() -> int:
    """Escalate unresolved element requests past their deadline (what `manage.py projects_tick` does by hand)."""
    return requests_escalate()


@task()
def remind_reports(now: datetime | None = None) -> dict:
    """Remind each project's officer whose report for the month now being reported is missing, once per month.

    That month is the earliest still open: run on the 25th it is this month; run late, on the 3rd of the next
    month (a scheduler that was down), it is the month before, whose report is still open until its due date."""
    now = now or timezone.now()
    year, month = open_report_months(now)[0]
    due = periods.report_due(year, month).at
    missing = reports_missing(year, month)
    notify([(project.officer, report_message(project, year, month, due)) for project in missing], now=now)
    return {"year": year, "month": month, "reminded": len(missing)}


# Projects being built invest month by month and report it; before commencement and after completion there is nothing
# to report.
REPORTING_STAGES = (Stage.STARTED, Stage.CONSTRUCTION)


def reports_missing(year: int, month: int) -> list[Project]:
    """Projects under construction, with an active officer, and no report for the month."""
    filed = MonthlyReport.objects.filter(project=OuterRef("pk"), year=year, month=month)
    return list(
        Project.objects.filter(stage__in=REPORTING_STAGES, officer__isnull=False, officer__is_active=True)
        .exclude(Exists(filed))
        .select_related("officer")
        .order_by("code")
    )


def report_message(project: Project, year: int, month: int, due: datetime) -> Message:
    names = {"project": project.name, "year": year, "month": month, "due": when(due)}
    return Message(
        Kind.REPORT_DUE,
        f"{project.pk}:{year}-{month:02d}",
        _("请填报“%(project)s” %(year)s 年 %(month)s 月月报") % names,
        _("%(year)s 年 %(month)s 月月报须在 %(due)s 前填报；过期关账后不能再填报或修改。") % names,
        reverse("projects-report", args=[project.pk]),
    )
