"""The extension (延期) on the pages: the approver's form on the task page, the head's page of requests, and what the
case pages (portal, window) show of an approved extension."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from gaoxin.cases import actions
from gaoxin.cases.models import ExtensionStatus, Task, TaskExtension, TaskStatus
from tests.cases.test_extensions import REASON, amr_task, in_review
from tests.ratings.helpers import user
from tests.test_i18n import CJK, _without_data, in_english

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def task() -> Task:
    return amr_task(in_review())


def as_user(client, username: str):
    client.force_login(user(username))
    return client


# --- the approver's task page ---------------------------------------------------------------------


def test_the_task_page_offers_the_extension_form(client, task):
    page = text_of(as_user(client, "amr").get(f"/desk/tasks/{task.pk}/"))
    assert "延期" in page and "申请延期" in page
    assert f'action="/desk/tasks/{task.pk}/extension/#extension"' in page
    assert 'name="days"' in page and 'max="10"' in page and 'name="reason"' in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"days": "11", "reason": REASON}, "days", "延长期限应为 1 至 10 个工作日"),
        ({"days": "0", "reason": REASON}, "days", "延长期限应为 1 至 10 个工作日"),
        ({"days": "", "reason": REASON}, "days", "延长期限应为 1 至 10 个工作日"),
        ({"days": "5", "reason": "   "}, "reason", "申请延期必须说明理由"),
    ],
)
def test_a_bad_request_is_shown_next_to_its_field_and_changes_nothing(client, task, data, field, message):
    response = as_user(client, "amr").post(f"/desk/tasks/{task.pk}/extension/", data)
    assert response.status_code == 400
    page = text_of(response)
    assert re.search(rf'<p class="error" id="id_{field}_error">{re.escape(message)}</p>', page), page
    assert not TaskExtension.objects.exists()


def test_asking_shows_the_request_waiting_and_a_second_request_is_a_conflict(client, task):
    client = as_user(client, "amr")
    done = client.post(f"/desk/tasks/{task.pk}/extension/", {"days": "5", "reason": REASON}, follow=True)
    page = text_of(done)
    assert done.redirect_chain[-1][0] == f"/desk/tasks/{task.pk}/"
    assert f"已向部门负责人申请将办件 {task.case.number} 的本部门事项延期 5 个工作日。" in page
    assert '<span class="badge requested">待审批</span>' in page and REASON in page
    assert "等待部门负责人审批" in page and 'name="days"' not in page, "no second form while one waits"
    again = client.post(f"/desk/tasks/{task.pk}/extension/", {"days": "3", "reason": "再延"})
    assert again.status_code == 409
    assert "您的操作没有执行。" in text_of(again) and "正在等待部门负责人审批" in text_of(again)
    assert TaskExtension.objects.count() == 1


def test_the_extension_page_is_for_the_tasks_own_approvers(client, task):
    assert as_user(client, "police").post(f"/desk/tasks/{task.pk}/extension/", {"days": "5"}).status_code == 404
    assert as_user(client, "amr-head").post(f"/desk/tasks/{task.pk}/extension/", {"days": "5"}).status_code == 404


# --- the head's page ------------------------------------------------------------------------------


def test_the_head_sees_the_request_with_both_deadlines_and_approves_it(client, task):
    extension = actions.task_extension_request(task=task, approver=user("amr"), days=5, reason=REASON)
    client = as_user(client, "amr-head")
    listing = client.get("/desk/extensions/")
    page = text_of(listing)
    assert listing.status_code == 200
    assert task.case.number in page and "企业设立登记" in page and REASON in page and "市场监管审批员" in page
    would_be = actions.rules.task_deadline(task.created_at, 15, [], extension_days=5).at
    assert local(task.deadline) in page and local(would_be) in page
    assert f'action="/desk/extensions/{extension.pk}/"' in page

    done = client.post(f"/desk/extensions/{extension.pk}/", {f"{extension.pk}-decision": "approve"}, follow=True)
    page = text_of(done)
    assert f"已批准办件 {task.case.number} 延期 5 个工作日，已告知审批人员和申请人。" in page
    assert "目前没有待审批的延期申请。" in page
    task.refresh_from_db()
    assert task.deadline == would_be and task.extension_days == 5
    decided = text_of(client.get("/desk/extensions/?view=decided"))
    assert '<span class="badge approved">已批准</span>' in decided and task.case.number in decided


def test_the_heads_navigation_shows_the_pending_requests(client, task):
    actions.task_extension_request(task=task, approver=user("amr"), days=5, reason=REASON)
    nav = text_of(as_user(client, "amr-head").get("/notifications/"))
    assert re.search(r'href="/desk/extensions/".*?延期审批.*?1', nav, re.S), nav
    assert 'href="/desk/"' not in nav
    assert "部门负责人" in nav  # the role named in the header


def test_refusing_needs_a_reason_next_to_the_field(client, task):
    extension = actions.task_extension_request(task=task, approver=user("amr"), days=5, reason=REASON)
    client = as_user(client, "amr-head")
    response = client.post(f"/desk/extensions/{extension.pk}/", {f"{extension.pk}-decision": "refuse"})
    assert response.status_code == 400
    assert re.search(rf'id="id_{extension.pk}-note-error">不予批准延期必须说明理由<', text_of(response))
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REQUESTED
    refused = client.post(
        f"/desk/extensions/{extension.pk}/", {f"{extension.pk}-decision": "refuse", f"{extension.pk}-note": "不同意"}
    )
    assert refused.status_code == 302
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED and extension.note == "不同意"


def test_a_request_decided_meanwhile_is_a_conflict_explained_on_top(client, task):
    extension = actions.task_extension_request(task=task, approver=user("amr"), days=5, reason=REASON)
    page_data = {f"{extension.pk}-decision": "approve"}
    actions.task_extension_decide(extension=extension, head=user("amr-head"), approve=False, note="另一位负责人")
    response = as_user(client, "amr-head").post(f"/desk/extensions/{extension.pk}/", page_data)
    assert response.status_code == 409
    assert "您的操作没有执行。" in text_of(response) and "该延期申请已审批（不予批准）" in text_of(response)


def test_a_request_past_its_deadline_offers_only_the_refusal(client, task):
    extension = actions.task_extension_request(task=task, approver=user("amr"), days=5, reason=REASON)
    Task.objects.filter(pk=task.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    page = text_of(as_user(client, "amr-head").get("/desk/extensions/"))
    assert "已不能批准延期" in page and 'value="approve"' not in page and 'value="refuse"' in page
    assert f'action="/desk/extensions/{extension.pk}/"' in page


def test_the_heads_page_is_theirs_only(client, task):
    extension = actions.task_extension_request(task=task, approver=user("amr"), days=5, reason=REASON)
    for username in ("amr", "applicant", "window", "leader"):
        client.force_login(user(username))
        assert client.get("/desk/extensions/").status_code == 404, username
    client.force_login(user("police-head"))
    assert client.get("/desk/extensions/").status_code == 200
    assert extension.task.case.number not in text_of(client.get("/desk/extensions/"))
    assert client.post(f"/desk/extensions/{extension.pk}/", {}).status_code == 404


# --- the case pages -------------------------------------------------------------------------------


@pytest.fixture
def extended(task) -> Task:
    extension = actions.task_extension_request(task=task, approver=user("amr"), days=5, reason=REASON)
    actions.task_extension_decide(extension=extension, head=user("amr-head"), approve=True, note="同意")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    return task


@pytest.mark.parametrize("username, url", [("applicant", "/portal/cases/{}/"), ("window", "/window/cases/{}/")])
def test_the_case_pages_show_the_extension_in_the_timeline_and_the_new_deadline(client, extended, username, url):
    page = text_of(as_user(client, username).get(url.format(extended.case_id)))
    assert "申请延期" in page and "部门负责人批准延期" in page and REASON in page
    assert f"法定时限延至 {local(extended.deadline)}" in page
    assert "已延期 5 个工作日" in page
    assert timezone.localtime(extended.deadline).strftime("%m-%d %H:%M") in page


def test_the_extension_reads_english_when_english_is_chosen(client, extended):
    portal = text_of(in_english(as_user(client, "applicant")).get(f"/portal/cases/{extended.case_id}/"))
    assert "Extension requested" in portal and "Extension approved by the department head" in portal
    assert f"Statutory time limit extended to {local(extended.deadline)}" in portal
    assert "Extended by 5 working days" in portal
    desk = text_of(in_english(as_user(client, "amr")).get(f"/desk/tasks/{extended.pk}/"))
    assert "Extension" in desk and "Approved" in desk
    for page in (portal, desk):
        left = {m.group() for m in CJK.finditer(_without_data(page))}
        assert not left, left


def test_the_request_form_and_its_errors_read_english(client, task):
    client = in_english(as_user(client, "amr"))
    page = text_of(client.get(f"/desk/tasks/{task.pk}/"))
    assert "Request an extension" in page and "Working days to add" in page
    assert not {m.group() for m in CJK.finditer(_without_data(page))}
    error = text_of(client.post(f"/desk/tasks/{task.pk}/extension/", {"days": "11", "reason": ""}))
    assert "between 1 and 10 working days" in error and "延长期限" not in error
