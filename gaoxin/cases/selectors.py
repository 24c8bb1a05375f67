"""Reads of cases that a person triggers; each takes the person and shows only what they may see."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from gaoxin.accounts.models import Role, User
from gaoxin.cases import rules
from gaoxin.cases.models import Case, CaseStatus, Task, TaskStatus
from gaoxin.core.errors import NotFound
from gaoxin.core.models import AuditEvent
from gaoxin.workdays.deadlines import SlaState, sla_state

OPEN_TASK_STATUSES = [TaskStatus.OPEN, TaskStatus.RETURNED]


def cases_visible_to(user: User) -> QuerySet[Case]:
    cases = Case.objects.select_related("item", "bundle")
    if rules.sees_all_cases(user):
        return cases
    if user.role == Role.APPROVER:
        in_department = Task.objects.filter(case=OuterRef("pk"), department_id=user.department_id)
        return cases.filter(Exists(in_department))
    return cases.filter(applicant=user)


def case_for(user: User, case_id) -> Case:
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("未找到该办件")
    return case


def tasks_for(user: User, *, include_done: bool = False) -> QuerySet[Task]:
    """The approver's queue: their department's tasks, nearest deadline first."""
    if user.role != Role.APPROVER:
        return Task.objects.none()
    tasks = Task.objects.filter(department_id=user.department_id).select_related("case", "item", "department")
    if not include_done:
        tasks = tasks.filter(status__in=OPEN_TASK_STATUSES)
    return tasks.order_by("deadline", "created_at")


def task_for(user: User, task_id) -> Task:
    task = tasks_for(user, include_done=True).filter(pk=task_id).first()
    if task is None:
        raise NotFound("未找到该任务")
    return task


def case_events(case: Case) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk)).select_related("actor").order_by("seq")
    )


def case_pauses(case: Case, now: datetime) -> list[tuple[datetime, datetime]]:
    """Pauses as closed intervals; one still running is closed at now."""
    return [(p.started_at, p.ended_at or now) for p in case.pauses.all()]


def case_sla(case: Case, now: datetime | None = None) -> SlaState | None:
    if case.accepted_at is None or case.deadline is None:
        return None
    now = now or timezone.now()
    end = case.decided_at or now
    return sla_state(start=case.accepted_at, deadline=case.deadline, now=end, pauses=case_pauses(case, end))


def task_sla(task: Task, pauses, now: datetime | None = None) -> SlaState:
    end = task.decided_at or now or timezone.now()
    return sla_state(start=task.created_at, deadline=task.deadline, now=end, pauses=pauses)


def open_case_statuses() -> list[str]:
    return [
        CaseStatus.SUBMITTED,
        CaseStatus.CORRECTIONS_REQUESTED,
        CaseStatus.IN_REVIEW,
        CaseStatus.SUPPLEMENT_REQUESTED,
    ]
