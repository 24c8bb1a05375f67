"""Two people acting on one case at the same moment: one wins, the other gets a conflict."""

import threading

import pytest
from django.db import connection

from gaoxin.accounts.models import Role, User
from gaoxin.cases import actions
from gaoxin.cases.models import Case, CaseStatus
from gaoxin.certificates.models import License
from gaoxin.core.audit import audit_problems
from gaoxin.core.errors import Conflict
from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, STEP_RESULTS


def submitted_case() -> Case:
    applicant = User.objects.get(username="applicant")
    details = actions.ApplicantDetails(kind="person", name="张晓明", id_number="11010519491231002X", form=COMPANY_FORM)
    case = actions.case_create(actor=applicant, details=details, bundle_code="company-setup")
    for material in case.materials.select_related("material"):
        actions.case_upload_material(case=case, actor=applicant, material_code=material.material.code, uploaded=pdf())
    return actions.case_submit(case=case, actor=applicant)


def race(*calls):
    """Start the calls together on their own connections; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 — the outcome is what the test inspects
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_clerks_accepting_at_once_one_wins_the_other_conflicts():
    case = submitted_case()
    second_clerk = User.objects.create_user("window2", password="gaoxin-demo-2", role=Role.CLERK)
    first_clerk = User.objects.get(username="window")
    outcomes = race(
        lambda: actions.case_accept(case=case, clerk=first_clerk),
        lambda: actions.case_not_accept(case=case, clerk=second_clerk, reason="材料不全"),
    )
    winners = [o for o in outcomes if isinstance(o, Case)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(winners) == 1 and len(conflicts) == 1, outcomes
    case.refresh_from_db()
    assert case.status in (CaseStatus.IN_REVIEW, CaseStatus.NOT_ACCEPTED)
    assert case.status == winners[0].status
    assert list(audit_problems()) == []


@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_of_one_stage_all_count():
    case = submitted_case()
    actions.case_accept(case=case, clerk=User.objects.get(username="window"))
    registration = case.tasks.get()
    actions.task_approve(task=registration, approver=User.objects.get(username="amr"))
    tasks = list(case.tasks.filter(stage=2).select_related("department"))
    approvers = {u.department_id: u for u in User.objects.filter(role=Role.APPROVER)}
    outcomes = race(
        *[
            lambda t=t: actions.task_approve(
                task=t, approver=approvers[t.department_id], result=STEP_RESULTS[t.department.code]
            )
            for t in tasks
        ]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert len(License.objects.get(case=case).integrated) == 8, "each step's certificates added, none lost"
    assert list(audit_problems()) == []
