"""Screenshots of the service hall for docs/screenshots/, at a desktop and a phone width, on real cases.

The cases are made through gaoxin.cases.actions, as the pages would make them; nothing is back-dated, so the
desks show what a fresh day looks like (every time limit still 正常).
"""

import pytest
from playwright.sync_api import expect

from gaoxin.accounts.models import User
from gaoxin.cases import actions
from gaoxin.cases.models import Case, Task
from tests.e2e.conftest import PHONE, screenshot
from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, HPF_WITHDRAWAL_FORM, STEP_RESULTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def user(username: str) -> User:
    return User.objects.get(username=username)


def submitted(name: str, *, bundle: str = "company-setup", form: dict = COMPANY_FORM, by: str = "applicant") -> Case:
    actor = user(by)
    details = actions.ApplicantDetails(
        kind="person", name=name, id_number="11010519491231002X", phone="13800000001", form=form
    )
    case = actions.case_create(actor=actor, details=details, bundle_code=bundle)
    for material in case.materials.select_related("material"):
        actions.case_upload_material(
            case=case, actor=actor, material_code=material.material.code, uploaded=pdf(f"{material.material.name}.pdf")
        )
    return actions.case_submit(case=case, actor=actor)


def accepted(name: str) -> Case:
    return actions.case_accept(case=submitted(name), clerk=user("window"))


def task(case: Case, department: str) -> Task:
    return case.tasks.get(department__code=department)


def both_widths(page, name: str) -> None:
    """A full-page screenshot at the page's desktop size, then again at a phone's width."""
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")


def test_screenshots_of_the_service_hall(new_page):
    # The applicant's own case: registered by market regulation, two of the four parallel steps done.
    mine = accepted("张晓明")
    actions.task_approve(task=task(mine, "amr"), approver=user("amr"), note="准予设立登记")
    actions.task_approve(task=task(mine, "police"), approver=user("police"), result=STEP_RESULTS["police"])
    # Waiting at the window: two online applications and a walk-in provident fund withdrawal.
    submitted("刘建国")
    submitted("陈丽华")
    submitted("董女士", bundle="hpf-withdrawal", form=HPF_WITHDRAWAL_FORM, by="window")
    # At market regulation: two to decide, one returned to its applicant for a signed copy.
    accepted("吴强")
    accepted("郑洁")
    returned = accepted("周敏")
    actions.task_return(task=task(returned, "amr"), approver=user("amr"), reason="章程须全体股东签字")

    catalog = new_page()
    catalog.goto("/catalog/")
    expect(catalog.get_by_role("status").filter(has_text="共 ")).to_contain_text("项事项")
    both_widths(catalog, "catalog")

    applicant = new_page("applicant")
    applicant.goto(f"/portal/cases/{mine.pk}/")
    expect(applicant.get_by_role("heading", name="第 2 阶段 · 并联办理")).to_be_visible()
    both_widths(applicant, "case-progress")

    clerk = new_page("window")
    clerk.goto("/window/")
    expect(clerk.get_by_role("table")).to_contain_text("刘建国")
    both_widths(clerk, "window-desk")

    approver = new_page("amr")
    approver.goto("/desk/")
    expect(approver.get_by_role("table")).to_contain_text("郑洁")
    both_widths(approver, "department-desk")
