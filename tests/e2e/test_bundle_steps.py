"""一件事 in the browser: a stage-2 department sees the new company's USCC and records its result on its task page;
the applicant's case page shows every step's outcome and result, here for a company set-up ended 部分办结."""

import pytest
from playwright.sync_api import expect

from gaoxin.accounts.models import User
from gaoxin.cases import actions
from gaoxin.cases.models import Case, Task
from tests.e2e.conftest import PHONE, screenshot
from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, STEP_RESULTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def user(username: str) -> User:
    return User.objects.get(username=username)


def accepted_company_setup() -> Case:
    applicant = user("applicant")
    details = actions.ApplicantDetails(
        kind="person", name="张晓明", id_number="11010519491231002X", phone="13800000001", form=COMPANY_FORM
    )
    case = actions.case_create(actor=applicant, details=details, bundle_code="company-setup")
    for material in case.materials.select_related("material"):
        actions.case_upload_material(
            case=case,
            actor=applicant,
            material_code=material.material.code,
            uploaded=pdf(f"{material.material.name}.pdf"),
        )
    actions.case_submit(case=case, actor=applicant)
    return actions.case_accept(case=case, clerk=user("window"))


def task(case: Case, department: str) -> Task:
    return case.tasks.get(department__code=department)


def test_the_seal_department_sees_the_uscc_and_files_the_seals_on_its_task_page(new_page):
    case = accepted_company_setup()
    actions.task_approve(task=task(case, "amr"), approver=user("amr"), note="准予设立登记")
    uscc = task(case, "amr").result["uscc"]

    page = new_page("police")
    page.goto(f"/desk/tasks/{task(case, 'police').pk}/")
    earlier = page.get_by_role("region", name="前序事项办理结果")
    expect(earlier).to_contain_text(uscc)
    expect(earlier).to_contain_text("营业执照编号")

    results = page.get_by_role("group", name="备案印章")
    results.get_by_label("印章种类").select_option("公章")
    results.get_by_label("印章编码").fill("41030500001")  # two digits short
    page.get_by_role("button", name="准予").click()
    expect(page.get_by_text("印章编码为 13 位数字")).to_be_visible()

    results = page.get_by_role("group", name="备案印章")
    results.get_by_label("印章编码").fill("4103050000001")
    results.get_by_role("button", name="添加一行").click()
    second = results.locator("[data-row]").nth(1)
    second.get_by_label("印章种类").select_option("财务专用章")
    second.get_by_label("印章编码").fill("4103050000002")
    page.get_by_role("button", name="准予").click()
    expect(page.get_by_role("status").filter(has_text="已准予")).to_be_visible()
    assert task(case, "police").result == STEP_RESULTS["police"]


def test_the_applicant_sees_each_steps_outcome_and_result_of_a_case_ended_partly(new_page):
    case = accepted_company_setup()
    actions.task_approve(task=task(case, "amr"), approver=user("amr"), note="准予设立登记")
    actions.task_deny(task=task(case, "tax"), approver=user("tax"), reason="法定代表人存在欠税记录，请结清后另行申请")
    for department in ("police", "hrss", "hpf"):
        actions.task_approve(task=task(case, department), approver=user(department), result=STEP_RESULTS[department])
    uscc = task(case, "amr").result["uscc"]

    page = new_page("applicant")
    page.goto(f"/portal/cases/{case.pk}/")
    expect(page.get_by_text("部分办结", exact=True).first).to_be_visible()
    progress = page.get_by_role("region", name="办理进度")
    expect(progress).to_contain_text(uscc)
    expect(progress).to_contain_text("4103050000001")
    expect(progress).to_contain_text("410300123456")
    expect(progress).to_contain_text("410300000001")
    expect(progress).to_contain_text("法定代表人存在欠税记录")
    expect(progress.get_by_text("不予许可", exact=True)).to_be_visible()
    screenshot(page, "case-partly-approved-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "case-partly-approved-phone")
