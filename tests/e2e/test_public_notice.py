"""A creditor finds a company's simplified deregistration on the public notice page, on a phone, without an account,
objects with a photo of the IOU and keeps the receipt; the notice's department sees the objection on its desk."""

import pytest
from playwright.sync_api import expect

from gaoxin.cases.models import Objection
from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.projects.test_actions import PNG
from tests.support.notices import notice_of, noticed_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPANY = "洛阳丰华工业软件有限公司"


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_a_creditor_objects_on_a_phone_and_the_department_sees_it(new_page, tmp_path):
    case = noticed_case()
    notice = notice_of(case)
    phone = new_page(viewport=PHONE)
    phone.goto("/notices/")
    expect(phone.get_by_role("heading", name="公示公告")).to_be_visible()
    expect(phone.get_by_text("公示中 · 剩 20 天")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "notices-phone")

    phone.get_by_role("link", name=COMPANY).click()
    expect(phone.get_by_role("heading", name="提出异议")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "notice-objection-form-phone")
    phone.get_by_role("button", name="提交异议").click()
    expect(phone.get_by_text("这个字段是必填项。").first).to_be_visible()

    phone.get_by_text("债权人", exact=True).click()
    phone.get_by_label("异议内容").fill("该公司尚欠我方货款 12 万元，有欠条为证，至今未清偿。")
    phone.get_by_label("联系电话或邮箱（可不填）").fill("13912345678")
    iou = tmp_path / "欠条.png"
    iou.write_bytes(PNG)
    phone.get_by_label("证明材料（可选）").set_input_files(str(iou))
    phone.get_by_role("button", name="提交异议").click()
    expect(phone.get_by_role("heading", name="异议已提交")).to_be_visible()
    objection = Objection.objects.get(case=case)
    expect(phone.get_by_text(objection.receipt)).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "objection-receipt-phone")
    assert objection.lodged_by is None and objection.standing == "creditor" and objection.evidence_name == "欠条.png"

    desk = new_page("amr", viewport=DESKTOP)
    desk.goto("/desk/")
    expect(desk.get_by_text("1 项异议待核查")).to_be_visible()
    desk.goto(f"/desk/tasks/{notice.pk}/#objections-h")
    expect(desk.get_by_role("link", name="欠条.png")).to_be_visible()
    screenshot(desk, "desk-objection-desktop")


def test_the_public_notice_pages_at_desktop_width(new_page):
    notice = notice_of(noticed_case())
    page = new_page(viewport=DESKTOP)
    page.goto("/notices/")
    expect(page.get_by_text("91410300MA49F2WH6T")).to_be_visible()
    screenshot(page, "notices-desktop")
    page.goto(f"/notices/{notice.pk}/")
    expect(page.get_by_role("heading", name="提出异议")).to_be_visible()
    screenshot(page, "notice-objection-form-desktop")
