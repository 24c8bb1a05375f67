"""Cases brought to a decision through the case actions, and ratings made through the rating action."""

from contextlib import contextmanager
from unittest import mock

from gaoxin.accounts.models import Role, User
from gaoxin.cases import actions as case_actions
from gaoxin.cases.models import Case, TaskStatus
from gaoxin.ratings import actions
from tests.support.files import pdf
from tests.support.forms import application_form, step_result


def user(username: str) -> User:
    return User.objects.get(username=username)


def submitted_case(
    *,
    bundle: str = "hpf-withdrawal",
    item: str | None = None,
    by: str = "applicant",
    name: str = "张晓明",
    form: dict | None = None,
    company: tuple[str, str, str] | None = None,
) -> Case:
    """A submitted case of the bundle (or of the single item), with the bundle's complete form unless `form` is
    given; made by the window (`by="window"`) it is a walk-in case with no account. With `company` (name, USCC, the
    ID number of who acts for it, e.g. DEMO_COMPANY) the applicant is that company."""
    actor = user(by)
    details = case_actions.ApplicantDetails(
        kind="enterprise" if company else "person",
        name=company[0] if company else name,
        uscc=company[1] if company else "",
        id_number=company[2] if company else "11010519491231002X",
        phone="13800000009",
        form=application_form(None if item else bundle) if form is None else form,
    )
    if item:
        case = case_actions.case_create(actor=actor, details=details, item_code=item)
    else:
        case = case_actions.case_create(actor=actor, details=details, bundle_code=bundle)
    for material in case.materials.select_related("material"):
        case_actions.case_upload_material(case=case, actor=actor, material_code=material.material.code, uploaded=pdf())
    return case_actions.case_submit(case=case, actor=actor)


def approved_case(
    *,
    bundle: str = "hpf-withdrawal",
    item: str | None = None,
    by: str = "applicant",
    name: str = "张晓明",
    form: dict | None = None,
) -> Case:
    """Accepted at the window and approved by every department, stage by stage, each recording its result."""
    case = submitted_case(bundle=bundle, item=item, by=by, name=name, form=form)
    case = case_actions.case_accept(case=case, clerk=user("window"))
    grant_open_tasks(case)
    case.refresh_from_db()
    return case


def grant_open_tasks(case: Case, *, departments: set[str] | None = None) -> None:
    """准予 every open task of the case (only those of these departments, if given), stage by stage, each with the
    result its step records; the tasks left open stay so."""
    while True:
        tasks = case.tasks.filter(status=TaskStatus.OPEN).select_related("department", "item", "case")
        open_tasks = [t for t in tasks if departments is None or t.department.code in departments]
        if not open_tasks:
            return
        for task in open_tasks:
            approver = User.objects.filter(role=Role.APPROVER, department=task.department).first()
            case_actions.task_approve(task=task, approver=approver, result=step_result(task))


def not_accepted_case(*, bundle: str = "company-setup", by: str = "applicant") -> Case:
    return case_actions.case_not_accept(
        case=submitted_case(bundle=bundle, by=by), clerk=user("window"), reason="不属于本区"
    )


def rate(case: Case, level: int, *, by: str | None = None, comment: str = "", department: str | None = None):
    actor = user(by) if by else case.applicant
    return actions.rating_create(case=case, actor=actor, level=level, comment=comment, department_code=department)


@contextmanager
def clock_at(moment):
    """timezone.now() reads `moment` inside the block (the actions take the time of the rating from it)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
