"""The service hall in a real browser: an applicant, the window clerk and the departments, each on their own pages."""

import re

import pytest
from playwright.sync_api import expect

from gaoxin.accounts.models import User
from gaoxin.cases import actions
from gaoxin.cases.models import Case, CaseStatus, TaskStatus
from gaoxin.certificates.models import License
from tests.e2e.helpers import (
    application_spec,
    approve_task,
    case_number,
    expect_spec,
    fill_in,
    fill_spec,
    message,
    open_nav,
    pdf_file,
    status_badge,
    upload_every_material,
    upload_material,
    walk_in_withdrawal_decided,
)
from tests.support.forms import COMPANY_FORM

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEPARTMENTS = ["amr", "police", "tax", "hrss", "hpf"]  # market regulation first, then four in parallel


def case_materials(case_id: str) -> list[str]:
    """The names of the materials the case asks for, in the order its page lists them."""
    case = Case.objects.get(pk=case_id)
    return list(case.materials.order_by("id").values_list("material__name", flat=True))


def test_company_setup_through_the_pages(new_page, tmp_path):
    applicant = new_page("applicant")

    # The applicant starts from the bundle's guide and fills in the application form.
    applicant.goto("/bundles/company-setup/")
    applicant.get_by_role("link", name="在线申请").first.click()
    expect(applicant.get_by_role("heading", name="在线申请：企业开办一件事")).to_be_visible()
    expect(applicant.get_by_label("申请人姓名或单位名称")).to_have_value("张晓明")  # prefilled from the account
    fill_in(applicant, {"联系电话": "13800000001"})
    # Two shareholders and two seals: the second row of each table comes from its "添加一行" button.
    fill_spec(applicant, application_spec("company-setup"), COMPANY_FORM)
    applicant.get_by_role("button", name="保存并继续上传材料").click()

    message(applicant, re.compile(r"已创建办件 \S+（草稿）"))
    status_badge(applicant, "草稿")
    case_id = applicant.url.rstrip("/").rsplit("/", 1)[-1]
    number = case_number(applicant)
    assert Case.objects.get(pk=case_id).form == COMPANY_FORM, "every field and every row as typed"
    materials = case_materials(case_id)
    assert len(materials) == 9

    upload_every_material(applicant, materials, tmp_path / "first")
    applicant.get_by_role("button", name="提交申请").click()
    message(applicant, "已提交，请等待综合窗口受理。")
    status_badge(applicant, "已提交待受理")

    # The window clerk asks, once, for one material to be corrected, with its reason beside it: ticking it puts the
    # cursor in its reason box, which is then required.
    clerk = new_page("window")
    open_nav(clerk, "综合窗口")
    clerk.get_by_role("link", name=number, exact=True).click()
    clerk.get_by_role("checkbox", name="公司章程").check()
    reason = clerk.get_by_label("“公司章程”需要补正的原因")
    expect(reason).to_be_focused()
    expect(reason).to_have_attribute("required", "")
    reason.fill("章程须全体股东签字")
    clerk.get_by_role("button", name="一次性告知补正").click()
    message(clerk, f"已一次性告知办件 {number} 需补正的全部材料。")
    assert Case.objects.get(pk=case_id).status == CaseStatus.CORRECTIONS_REQUESTED

    # The applicant sees the request, uploads that material again and resubmits.
    applicant.reload()
    callout = applicant.get_by_role("alert").filter(has_text="需要您补正材料")
    expect(callout).to_contain_text("公司章程")
    expect(callout).to_contain_text("章程须全体股东签字")
    expect(applicant.get_by_role("row").filter(has_text="公司章程")).to_contain_text("需补正")
    upload_material(applicant, "公司章程", pdf_file(tmp_path / "again", "公司章程（全体股东签字）"))
    applicant.get_by_role("button", name="补正完毕，重新提交").click()
    message(applicant, "已重新提交，办理继续进行。")
    status_badge(applicant, "已提交待受理")

    # The clerk accepts: the departments take over.
    open_nav(clerk, "综合窗口")
    clerk.get_by_role("link", name=number, exact=True).click()
    clerk.get_by_role("button", name="受理", exact=True).click()
    message(clerk, f"办件 {number} 已受理，已转入部门办理。")
    assert Case.objects.get(pk=case_id).status == CaseStatus.IN_REVIEW

    # Market regulation first; the other four departments see nothing until it has approved, then each records
    # its result (the seals' numbers, the tax authority, the insurance and fund accounts) as it approves.
    police = new_page("police")
    open_nav(police, "部门审批")
    expect(police.get_by_role("link", name=number, exact=True)).to_have_count(0)
    approve_task(new_page("amr"), number, "amr")
    approve_task(police, number, "police")
    for department in DEPARTMENTS[2:]:
        approve_task(new_page(department), number, department)

    # The applicant finds the case approved, with the whole story in its timeline.
    open_nav(applicant, "我的办件")
    applicant.get_by_role("row").filter(has_text=number).get_by_role("link", name="企业开办一件事").click()
    expect(applicant.get_by_text("已办结（准予）").first).to_be_visible()
    timeline = applicant.get_by_role("region", name="办理记录")
    expect(timeline.get_by_role("listitem").filter(has_text="窗口受理")).to_have_count(1)
    expect(timeline.get_by_role("listitem").filter(has_text="部门准予")).to_have_count(5)
    expect(timeline.get_by_role("listitem").filter(has_text="一次性告知补正")).to_have_count(1)
    case = Case.objects.get(pk=case_id)
    assert case.status == CaseStatus.APPROVED
    assert set(case.tasks.values_list("status", flat=True)) == {TaskStatus.APPROVED}
    assert len(License.objects.get(case=case).integrated) == 8, "八证合一: what the five steps integrate"


def test_provident_fund_withdrawal_decided_at_the_window_in_one_visit(new_page, tmp_path):
    clerk = new_page("window")
    walk_in_withdrawal_decided(clerk, tmp_path)
    status_badge(clerk, "已办结（准予）")
    case = Case.objects.get(applicant_name="董女士")
    assert case.status == CaseStatus.APPROVED and case.decided_at is not None
    assert list(case.tasks.values_list("status", flat=True)) == [TaskStatus.APPROVED]


def test_a_wrong_uscc_shows_its_message_beside_the_field_and_keeps_the_rest(new_page):
    page = new_page("applicant")
    page.goto("/portal/apply/bundle/company-setup/")
    page.get_by_role("radio", name="企业", exact=True).check()
    typed = {
        "申请人姓名或单位名称": "洛阳示例科技有限公司",
        "联系电话": "0379-12345678",
        "统一社会信用代码": "91110000600037341N",
    }
    fill_in(page, typed)
    fill_spec(page, application_spec("company-setup"), COMPANY_FORM)
    page.get_by_role("button", name="保存并继续上传材料").click()

    expect(page.get_by_role("alert").filter(has_text="请修改以下 1 处后再提交")).to_be_visible()
    uscc = page.get_by_label("统一社会信用代码", exact=True)
    expect(uscc).to_have_attribute("aria-invalid", "true")
    expect(uscc).to_have_accessible_description(re.compile("校验码错误：应为L，实际为N"))
    error = page.locator(".field").filter(has=uscc).get_by_text(re.compile("^校验码错误"))
    expect(error).to_have_text("校验码错误：应为L，实际为N")
    assert error.bounding_box()["y"] >= uscc.bounding_box()["y"] + uscc.bounding_box()["height"], "below its input"

    for label, value in typed.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    expect_spec(page, application_spec("company-setup"), COMPANY_FORM)
    expect(page.get_by_role("radio", name="企业", exact=True)).to_be_checked()
    assert not Case.objects.exists()


def test_another_applicant_cannot_open_the_case(new_page):
    owner = User.objects.get(username="applicant")
    details = actions.ApplicantDetails(
        kind="person", name="张晓明", id_number="410305199003152014", phone="13800000001", form=COMPANY_FORM
    )
    case = actions.case_create(actor=owner, details=details, bundle_code="company-setup")

    page = new_page("applicant2")
    response = page.goto(f"/portal/cases/{case.pk}/")
    assert response.status == 404
    expect(page.get_by_text(case.number)).to_have_count(0)
