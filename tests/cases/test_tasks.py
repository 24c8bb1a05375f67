"""The cases' scheduled jobs: SLA warnings and overdue notices reach the department's approvers and the clerks, once."""

from datetime import timedelta

import pytest

from gaoxin.accounts.models import Role, User
from gaoxin.cases import actions
from gaoxin.cases.models import TaskStatus
from gaoxin.cases.selectors import case_pauses, case_sla, task_sla
from gaoxin.cases.tasks import warn_deadlines
from gaoxin.notifications.models import Kind, Notification
from gaoxin.workdays.deadlines import SlaState
from tests.cases.test_concurrency import submitted_case

pytestmark = pytest.mark.django_db
MINUTE = timedelta(minutes=1)


@pytest.fixture
def accepted():
    """A company set-up case accepted at the window: market regulation's registration task is open (a limit in
    working days), and the case's promise of two office hours runs."""
    case = actions.case_accept(case=submitted_case(), clerk=User.objects.get(username="window"))
    return case, case.tasks.get(status=TaskStatus.OPEN)


def kinds_of(username: str) -> list[str]:
    return sorted(Notification.objects.filter(recipient__username=username).values_list("kind", flat=True))


def test_nothing_is_said_while_everything_is_on_time(accepted):
    case, task = accepted
    assert case_sla(case, case.accepted_at + MINUTE) == SlaState.ON_TIME
    warn_deadlines.call(now=case.accepted_at + MINUTE)
    assert not Notification.objects.exists()


def test_a_task_near_its_limit_warns_its_departments_approvers_and_the_late_case_the_clerks(accepted):
    case, task = accepted
    near = task.deadline - MINUTE  # the last office minute of the statutory limit
    assert task_sla(task, case_pauses(case, near), near) == SlaState.WARNING
    assert case_sla(case, near) == SlaState.OVERDUE  # two office hours were over days ago

    assert warn_deadlines.call(now=near) == {"tasks": 1, "cases": 1}
    assert kinds_of("amr") == [Kind.TASK_WARNING]
    assert kinds_of("window") == [Kind.CASE_OVERDUE]
    assert kinds_of("police") == kinds_of("leader") == kinds_of("applicant") == []
    warning = Notification.objects.get(recipient__username="amr")
    assert case.number in warning.title and warning.link == f"/desk/tasks/{task.pk}/"


def test_each_person_hears_of_each_warning_once_and_of_the_overdue_once_more(accepted):
    case, task = accepted
    warn_deadlines.call(now=task.deadline - MINUTE)
    warn_deadlines.call(now=task.deadline - MINUTE)
    assert kinds_of("amr") == [Kind.TASK_WARNING]
    warn_deadlines.call(now=task.deadline + MINUTE)
    warn_deadlines.call(now=task.deadline + 2 * MINUTE)
    assert kinds_of("amr") == [Kind.TASK_OVERDUE, Kind.TASK_WARNING]
    assert kinds_of("window") == [Kind.CASE_OVERDUE]


def test_every_active_approver_of_the_department_is_told(accepted):
    case, task = accepted
    colleague = User.objects.create_user("amr2", role=Role.APPROVER, department=task.department)
    User.objects.create_user("amr3", role=Role.APPROVER, department=task.department, is_active=False)
    warn_deadlines.call(now=task.deadline + MINUTE)
    assert kinds_of(colleague.username) == [Kind.TASK_OVERDUE]
    assert kinds_of("amr3") == []


def test_a_decided_task_is_not_warned_about(accepted):
    case, task = accepted
    actions.task_approve(task=task, approver=User.objects.get(username="amr"))
    warn_deadlines.call(now=task.deadline + MINUTE)
    assert kinds_of("amr") == []
