"""A simplified deregistration in its 20-day public notice (公示), and objections to it, made by the real actions."""

from gaoxin.cases import actions
from gaoxin.cases.models import Case, Objection, Task, TaskStatus
from tests.ratings.helpers import submitted_case, user
from tests.support.forms import DEMO_COMPANY, DEREGISTRATION_FORM


def noticed_case(*, by: str = "applicant") -> Case:
    """The demo company's deregistration, accepted at the window: its notice (amr's department) has started."""
    case = submitted_case(bundle="simple-deregistration", form=DEREGISTRATION_FORM, company=DEMO_COMPANY, by=by)
    return actions.case_accept(case=case, clerk=user("window"))


def notice_of(case: Case) -> Task:
    return case.tasks.get(waits_until__isnull=False, status=TaskStatus.OPEN)


def objection_to(case: Case, *, evidence=None, text: str = "尚欠货款 12 万元未结清") -> Objection:
    details = actions.ObjectionDetails(standing="creditor", text=text, name="洛阳某材料公司", contact="13912345678")
    return actions.case_register_objection(
        notice=notice_of(case), details=details, evidence=evidence, source="10.0.0.9"
    )
