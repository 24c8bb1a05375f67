"""The applicant told of every change, in a real browser: the notification centre brings the corrections the window
asked for, the applicant answers them from it, and the decision arrives there too — on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import expect

from gaoxin.cases import actions
from gaoxin.cases.models import Case
from tests.e2e.conftest import screenshot
from tests.e2e.helpers import message, pdf_file, upload_material
from tests.ratings.helpers import submitted_case, user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_applicant_is_told_of_corrections_answers_them_and_is_told_of_the_decision(new_page, tmp_path):
    case = submitted_case(bundle="hpf-withdrawal")
    material = case.materials.select_related("material").order_by("id").first().material
    actions.case_request_corrections(
        case=case, clerk=user("window"), corrections={material.code: "身份证复印件不清晰，请重新上传"}
    )

    applicant = new_page("applicant")
    applicant.get_by_role("link", name="通知 未读 1").click()
    told = applicant.get_by_role("listitem").filter(has_text=f"您的办件 {case.number} 需补正 1 项材料")
    expect(told).to_contain_text(f"{material.name}：身份证复印件不清晰，请重新上传")
    told.get_by_role("button", name=re.compile("需补正")).click()
    expect(applicant).to_have_url(re.compile(rf"/portal/cases/{case.pk}/$"))

    upload_material(applicant, material.name, pdf_file(tmp_path, material.name))
    applicant.get_by_role("button", name="补正完毕，重新提交").click()
    message(applicant, "已重新提交，办理继续进行。")

    actions.case_accept(case=Case.objects.get(pk=case.pk), clerk=user("window"))  # 即办: decided on the spot
    applicant.goto("/notifications/")
    decided = applicant.get_by_role("listitem").filter(has_text=f"您的办件 {case.number} 已办结（准予）")
    expect(decided).to_be_visible()
    expect(decided).to_contain_text("办结通知书")
    expect(applicant.get_by_role("listitem").filter(has_text=f"您的办件 {case.number} 已受理")).to_be_visible()
    expect(applicant.get_by_role("listitem").filter(has_text=f"请评价办件 {case.number}")).to_be_visible()
    screenshot(applicant, "notification-centre-desktop")

    phone = new_page("applicant", viewport=PHONE)
    phone.goto("/notifications/")
    expect(phone.get_by_role("listitem").filter(has_text=f"您的办件 {case.number} 已办结（准予）")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scroll"
    screenshot(phone, "notification-centre-phone")
