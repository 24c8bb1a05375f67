"""The cases' scheduled jobs: ending public notices, and telling people about time limits running out."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gaoxin.accounts.models import Role, User
from gaoxin.cases.actions import notices_elapse
from gaoxin.cases.models import Case, Task, TaskStatus
from gaoxin.cases.selectors import case_pauses, case_sla, open_case_statuses, task_sla
from gaoxin.notifications.actions import Message, deadline_message, notify, when
from gaoxin.notifications.models import Kind, Preference
from gaoxin.notifications.selectors import approvers_by_department, users_with_role
from gaoxin.workdays.deadlines import SlaState

LATE = (SlaState.WARNING, SlaState.OVERDUE)


@task()
def end_notices() -> int:
    """Approve the notice steps whose 20 days ran out without objection (what `manage.py cases_tick` does by hand)."""
    return notices_elapse()


@task()
def warn_deadlines(now: datetime | None = None) -> dict:
    """Department tasks in warning or overdue → that department's approvers; cases in warning or overdue against
    their promised limit → the window clerks. Each person hears of each warning and each overdue once."""
    now = now or timezone.now()
    tasks = late_tasks(now)
    cases = late_cases(now)
    approvers = approvers_by_department(task.department_id for task, _state in tasks)
    clerks = users_with_role(Role.CLERK) if cases else []
    notify(
        [
            (person, task_message(task, state))
            for task, state in tasks
            for person in approvers.get(task.department_id, [])
        ]
        + [(person, case_message(case, state)) for case, state in cases for person in clerks],
        now=now,
    )
    return {"tasks": len(tasks), "cases": len(cases)}


@task()
def digest_due_tasks(now: datetime | None = None) -> int:
    """Each morning, every approver or head who asked for it gets one message listing their department's tasks in
    warning or overdue, soonest first (Preference.daily_digest). Returns how many digests were made."""
    now = now or timezone.now()
    people = list(
        User.objects.filter(
            pk__in=Preference.objects.filter(daily_digest=True).values("user_id"),
            role__in=(Role.APPROVER, Role.DEPT_HEAD),
            is_active=True,
        )
    )
    if not people:
        return 0
    by_department: dict[int, list[tuple[Task, SlaState]]] = {}
    for late, state in sorted(late_tasks(now), key=lambda pair: pair[0].deadline):
        by_department.setdefault(late.department_id, []).append((late, state))
    day = timezone.localtime(now).date().isoformat()
    deliveries = [
        (person, _digest(day, by_department[person.department_id]))
        for person in people
        if by_department.get(person.department_id)
    ]
    notify(deliveries, now=now)
    return len(deliveries)


def _digest(day: str, tasks: list[tuple[Task, SlaState]]) -> Message:
    listed = "\n".join(
        f"{n}. {task.case.number}“{task.item.name}”：{SlaState(state).label}，{_('法定时限')} {when(task.deadline)}"
        for n, (task, state) in enumerate(tasks, start=1)
    )
    params = {"day": day, "count": len(tasks), "tasks": listed}
    return Message(Kind.DAILY_DIGEST, day, link=reverse("desk-queue"), params=params)


def late_tasks(now: datetime) -> list[tuple[Task, SlaState]]:
    """Open department tasks in warning or overdue. A public notice is left out: it waits for the calendar, not for
    the department, and ends by itself."""
    pending = (
        Task.objects.filter(status=TaskStatus.OPEN, waits_until__isnull=True)
        .select_related("case", "item", "department")
        .prefetch_related("case__pauses")
    )
    states = ((task, task_sla(task, case_pauses(task.case, now), now)) for task in pending)
    return [(task, state) for task, state in states if state in LATE]


def late_cases(now: datetime) -> list[tuple[Case, SlaState]]:
    """Accepted, undecided cases in warning or overdue against their promised limit."""
    running = (
        Case.objects.filter(status__in=open_case_statuses(), accepted_at__isnull=False)
        .select_related("item", "bundle")
        .prefetch_related("pauses")
    )
    states = ((case, case_sla(case, now)) for case in running)
    return [(case, state) for case, state in states if state in LATE]


def task_message(task: Task, state: SlaState) -> Message:
    names = {"number": task.case.number, "item": task.item.name, "deadline": when(task.deadline)}
    return deadline_message(
        state,
        str(task.pk),
        reverse("desk-task", args=[task.pk]),
        overdue=(
            Kind.TASK_OVERDUE,
            _("办件 %(number)s 的“%(item)s”已超过法定时限") % names,
            _("法定时限 %(deadline)s 已过，请立即办理。") % names,
        ),
        warning=(
            Kind.TASK_WARNING,
            _("办件 %(number)s 的“%(item)s”临近法定时限") % names,
            _("请在法定时限 %(deadline)s 前办理。") % names,
        ),
    )


def case_message(case: Case, state: SlaState) -> Message:
    names = {"number": case.number, "title": case.title, "deadline": when(case.deadline)}
    return deadline_message(
        state,
        str(case.pk),
        reverse("window-case", args=[case.pk]),
        overdue=(
            Kind.CASE_OVERDUE,
            _("办件 %(number)s 已超过承诺时限") % names,
            _("“%(title)s”承诺 %(deadline)s 前办结，现已超期。") % names,
        ),
        warning=(
            Kind.CASE_WARNING,
            _("办件 %(number)s 临近承诺时限") % names,
            _("“%(title)s”承诺 %(deadline)s 前办结。") % names,
        ),
    )
