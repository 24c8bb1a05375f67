"""一次性告知 in the browser, at a phone's width: a department returns two materials, each with its own reason beside
it; the applicant reads each reason beside its material."""

import re

import pytest
from playwright.sync_api import expect

from gaoxin.cases.models import Case
from tests.e2e.helpers import message
from tests.e2e.test_bundle_steps import accepted_company_setup, task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW_PHONE = {"width": 375, "height": 812}


def material_names(case: Case) -> list[str]:
    return list(case.materials.order_by("id").values_list("material__name", flat=True))


def checkbox(page, name: str):
    """A material's checkbox, named by the material and then its state (已提交 1 份)."""
    return page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(name)}(\s|$)"))


def test_a_department_returns_two_materials_each_with_its_reason_on_a_phone(new_page):
    case = accepted_company_setup()
    first, second = material_names(case)[0], material_names(case)[2]
    approver = new_page("amr", viewport=NARROW_PHONE)
    approver.goto(f"/desk/tasks/{task(case, 'amr').pk}/")
    approver.get_by_label("意见 / 理由").fill("请按下列要求补充材料")
    checkbox(approver, first).check()  # its reason left blank
    approver.get_by_label(f"“{second}”需要补正的原因").fill("请提供一年内的租赁合同")
    expect(checkbox(approver, second)).to_be_checked()  # typing a reason ticks its material
    approver.get_by_role("button", name="退回补充").click()

    # Refused: the material without a reason is named beside it; everything typed is still there.
    expect(approver.locator("[data-correction-row]").filter(has_text=f"请写明“{first}”需要补正的原因")).to_be_visible()
    expect(approver.get_by_label(f"“{second}”需要补正的原因")).to_have_value("请提供一年内的租赁合同")
    expect(approver.get_by_label("意见 / 理由")).to_have_value("请按下列要求补充材料")
    expect(checkbox(approver, first)).to_be_checked()
    assert approver.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"], "no sideways scroll"

    approver.get_by_label(f"“{first}”需要补正的原因").fill("须全体股东签字")
    approver.get_by_role("button", name="退回补充").click()
    message(approver, f"办件 {case.number} 已退回申请人补充，计时暂停。")

    applicant = new_page("applicant", viewport=NARROW_PHONE)
    applicant.goto(f"/portal/cases/{case.pk}/")
    callout = applicant.get_by_role("alert").filter(has_text="部门退回，需要您补充材料")
    expect(callout.get_by_role("listitem").filter(has_text=first)).to_contain_text("须全体股东签字")
    expect(callout.get_by_role("listitem").filter(has_text=second)).to_contain_text("请提供一年内的租赁合同")
    expect(applicant.get_by_role("row").filter(has_text=second)).to_contain_text("补正说明：请提供一年内的租赁合同")
