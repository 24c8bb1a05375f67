"""The key projects' scheduled jobs: escalating late element requests and reminding officers of monthly reports."""

from datetime import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
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
    """Remind each officer of every project of theirs whose report for the month now being reported is missing, in
    one message per officer and month that lists them all (a digest, not one message per project).

    That month is the earliest still open: run on the 25th it is this month; run late, on the 3rd of the next
    month (a scheduler that was down), it is the month before, whose report is still open until its due date."""
    now = now or timezone.now()
    year, month = open_report_months(now)[0]
    due = periods.report_due(year, month).at
    missing = reports_missing(year, month)
    by_officer: dict[int, list[Project]] = {}
    for project in missing:
        by_officer.setdefault(project.officer_id, []).append(project)
    notify(
        [(projects[0].officer, reports_digest(projects, year, month, due)) for projects in by_officer.values()], now=now
    )
    return {"year": year, "month": month, "reminded": len(missing), "officers": len(by_officer)}


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


def reports_digest(projects: list[Project], year: int, month: int, due: datetime) -> Message:
    """One officer's reminder for the month: every project of theirs that needs its report, each with its link."""
    listed = "\n".join(
        f"{n}. {project.name}（{reverse('projects-report', args=[project.pk])}）"
        for n, project in enumerate(projects, start=1)
    )
    link = reverse("projects-report", args=[projects[0].pk]) if len(projects) == 1 else reverse("projects-register")
    params = {"count": len(projects), "year": year, "month": month, "due": when(due), "projects": listed}
    return Message(Kind.REPORTS_DUE, f"{year}-{month:02d}", link=link, params=params)
