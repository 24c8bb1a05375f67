"""延期 in a real browser: the approver asks on the task page, the department head approves on their page, the
applicant sees the new deadline and the reason on their case page and in the notification centre."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gaoxin.cases import actions
from gaoxin.cases.models import Task
from gaoxin.notifications.models import Kind
from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.e2e.helpers import message, open_nav
from tests.e2e.test_screenshots import accepted, user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "经营场所需现场核查，法定期限内不能作出决定"


def both_widths(page, name: str) -> None:
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_an_approver_asks_the_head_approves_and_the_applicant_sees_the_new_deadline(new_page):
    case = accepted("张晓明")
    task = case.tasks.get(department__code="amr")

    approver = new_page("amr")
    open_nav(approver, "部门审批")
    approver.get_by_role("link", name=case.number, exact=True).click()
    section = approver.locator("#extension")
    expect(section.get_by_role("heading", name=re.compile("^延期"))).to_be_visible()
    section.get_by_label("延长工作日").fill("11")
    section.get_by_label("延期理由").fill(REASON)
    section.get_by_role("button", name="申请延期").click()
    expect(approver.locator("#id_days_error")).to_have_text("延长期限应为 1 至 10 个工作日")
    expect(approver.get_by_label("延期理由")).to_have_value(REASON)
    both_widths(approver, "extension-form-error")
    approver.get_by_label("延长工作日").fill("5")
    approver.locator("#extension").get_by_role("button", name="申请延期").click()
    message(approver, f"已向部门负责人申请将办件 {case.number} 的本部门事项延期 5 个工作日。")
    expect(approver.locator("#extension").get_by_text("待审批", exact=True)).to_be_visible()
    both_widths(approver, "extension-request")

    head = new_page("amr-head")
    open_nav(head, "延期审批")
    card = head.get_by_role("region", name=f"{case.number} · 企业设立登记")
    expect(card.get_by_text(REASON)).to_be_visible()
    would_be = actions.rules.task_deadline(task.created_at, 15, [], extension_days=5).at
    expect(card.get_by_text(timezone.localtime(would_be).strftime("%Y-%m-%d %H:%M"))).to_be_visible()
    expect(card.get_by_text(timezone.localtime(task.deadline).strftime("%Y-%m-%d %H:%M"))).to_be_visible()
    both_widths(head, "extension-approvals")
    card.get_by_role("button", name="不予批准").click()
    expect(head.get_by_text("不予批准延期必须说明理由")).to_be_visible()
    card = head.get_by_role("region", name=f"{case.number} · 企业设立登记")
    card.get_by_label("审批意见").fill("同意延期，请抓紧核查")
    card.get_by_role("button", name="批准延期").click()
    message(head, f"已批准办件 {case.number} 延期 5 个工作日，已告知审批人员和申请人。")
    expect(head.get_by_text("目前没有待审批的延期申请。")).to_be_visible()
    assert Task.objects.get(pk=task.pk).deadline == would_be

    applicant = new_page("applicant")
    applicant.goto(f"/portal/cases/{case.pk}/")
    new_deadline = timezone.localtime(would_be).strftime("%Y-%m-%d %H:%M")
    timeline = applicant.get_by_role("region", name="办理记录")
    expect(timeline.get_by_text("部门负责人批准延期")).to_be_visible()
    expect(timeline.get_by_text(f"法定时限延至 {new_deadline}", exact=False)).to_be_visible()
    expect(applicant.get_by_role("region", name="办理进度").get_by_text("已延期 5 个工作日")).to_be_visible()
    both_widths(applicant, "extension-case")
    applicant.get_by_role("link", name=re.compile("^通知")).click()
    expect(applicant.get_by_text(f"您的办件 {case.number} 办理时限延长")).to_be_visible()
    expect(applicant.get_by_text(REASON, exact=False)).to_be_visible()
    assert user("applicant").notifications.filter(kind=Kind.TASK_EXTENDED).count() == 1
