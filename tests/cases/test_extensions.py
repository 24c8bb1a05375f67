"""延期 (行政许可法 §42): an approver asks, the department head decides, the deadline moves by the approved working
days, the timeline, the audit trail and the people concerned hear of it; a task is extended once.

Through the API and the actions; the expected deadlines are computed independently with the workdays functions.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime as _moment

from gaoxin.accounts.models import Department, Role, User
from gaoxin.cases import actions
from gaoxin.cases.models import Case, CaseStatus, ExtensionStatus, Task, TaskExtension, TaskStatus
from gaoxin.catalog.models import ServiceItem
from gaoxin.core.audit import audit_problems
from gaoxin.core.errors import Conflict, DomainError, Forbidden, NotFound
from gaoxin.core.models import AuditEvent
from gaoxin.notifications.models import Kind, Notification
from gaoxin.workdays.calendar import current_calendar
from gaoxin.workdays.deadlines import add_working_days
from tests.cases.test_concurrency import race
from tests.ratings.helpers import submitted_case, user

pytestmark = pytest.mark.django_db

REASON = "需现场核查经营场所，法定期限内不能作出决定"


def in_review(by: str = "applicant") -> Case:
    """A company set-up case accepted at the window: amr's registration task (15 working days) is open."""
    return actions.case_accept(case=submitted_case(bundle="company-setup", by=by), clerk=user("window"))


def amr_task(case: Case) -> Task:
    return case.tasks.get(status=TaskStatus.OPEN, department__code="amr")


def statutory_days(task: Task) -> int:
    return ServiceItem.objects.get(pk=task.item_id).statutory_days


def working_days_between(earlier, later) -> int:
    """Working days after earlier's local date up to and including later's (an independent count on the calendar)."""
    calendar = current_calendar()
    day, end, count = timezone.localdate(earlier), timezone.localdate(later), 0
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def request(task: Task, days: int = 5, by: str = "amr", reason: str = REASON) -> TaskExtension:
    return actions.task_extension_request(task=task, approver=user(by), days=days, reason=reason)


def decide(extension: TaskExtension, approve: bool = True, by: str = "amr-head", note: str = "") -> TaskExtension:
    return actions.task_extension_decide(extension=extension, head=user(by), approve=approve, note=note)


# --- the deadline ---------------------------------------------------------------------------------


def test_an_approved_extension_moves_the_deadline_by_exactly_the_approved_working_days(api):
    case = in_review()
    task = amr_task(case)
    assert task.deadline == add_working_days(task.created_at, statutory_days(task)).at

    asked = api("amr").post(f"/api/tasks/{task.pk}/extension", {"days": 7, "reason": REASON})
    assert asked.status_code == 201, asked.json()
    assert asked.json()["status"] == "requested"
    expected = add_working_days(task.created_at, statutory_days(task) + 7).at
    listed = api("amr-head").get("/api/extensions").json()["items"]
    assert [(e["id"], e["case_number"]) for e in listed] == [(asked.json()["id"], case.number)]
    assert _moment(listed[0]["deadline"]) == task.deadline
    assert _moment(listed[0]["deadline_if_approved"]) == expected
    task.refresh_from_db()
    assert task.deadline == add_working_days(task.created_at, statutory_days(task)).at, "asking moves nothing"

    decided = api("amr-head").post(f"/api/extensions/{asked.json()['id']}/decision", {"approve": True, "note": "同意"})
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved"
    before = task.deadline
    task.refresh_from_db()
    assert task.extension_days == 7
    assert task.deadline == expected
    assert working_days_between(before, task.deadline) == 7
    assert timezone.localtime(task.deadline).time() == timezone.localtime(before).time()

    shown = next(t for t in api("amr").get("/api/tasks").json()["items"] if t["id"] == str(task.pk))
    assert shown["extension_days"] == 7
    assert shown["extension"]["status"] == "approved" and shown["extension"]["days"] == 7
    assert _moment(shown["deadline"]) == expected
    assert _moment(shown["extension"]["deadline_before"]) == before
    assert _moment(shown["extension"]["deadline_after"]) == expected


def test_a_refused_extension_leaves_the_deadline_where_it_was(api):
    task = amr_task(in_review())
    before = task.deadline
    asked = api("amr").post(f"/api/tasks/{task.pk}/extension", {"days": 3, "reason": REASON}).json()
    bare = api("amr-head").post(f"/api/extensions/{asked['id']}/decision", {"approve": False})
    assert bare.status_code == 400 and bare.json()["field"] == "note"
    refused = api("amr-head").post(
        f"/api/extensions/{asked['id']}/decision", {"approve": False, "note": "理由不充分，请按期办结"}
    )
    assert refused.status_code == 200, refused.json()
    assert refused.json()["status"] == "refused" and refused.json()["deadline_after"] is None
    task.refresh_from_db()
    assert task.deadline == before and task.extension_days == 0


def test_the_extension_survives_a_return_for_supplement_and_the_pause_counts():
    """The rule holds when the clock stops: the deadline is the step's days plus the extension, later by the pause."""
    case = in_review()
    task = amr_task(case)
    decide(request(task, days=4))
    actions.task_return(task=task, approver=user("amr"), reason="请补充住所证明")
    actions.case_submit(case=case, actor=user("applicant"))
    task.refresh_from_db()
    pauses = list(case.pauses.values_list("started_at", "ended_at"))
    assert len(pauses) == 1 and task.status == TaskStatus.OPEN
    assert task.deadline == add_working_days(task.created_at, statutory_days(task) + 4, pauses=pauses).at


def test_an_extension_after_a_pause_is_computed_with_the_pause():
    case = in_review()
    task = amr_task(case)
    actions.task_return(task=task, approver=user("amr"), reason="请补充住所证明")
    actions.case_submit(case=case, actor=user("applicant"))
    pauses = list(case.pauses.values_list("started_at", "ended_at"))
    decide(request(Task.objects.get(pk=task.pk), days=10))
    task.refresh_from_db()
    assert task.deadline == add_working_days(task.created_at, statutory_days(task) + 10, pauses=pauses).at


# --- once per task, 1 to 10 working days, with a reason -------------------------------------------


def test_a_second_extension_is_refused(api):
    task = amr_task(in_review())
    amr = api("amr")
    first = amr.post(f"/api/tasks/{task.pk}/extension", {"days": 5, "reason": REASON}).json()
    pending = amr.post(f"/api/tasks/{task.pk}/extension", {"days": 2, "reason": "再延两日"})
    assert pending.status_code == 409 and "等待部门负责人审批" in pending.json()["detail"]
    api("amr-head").post(f"/api/extensions/{first['id']}/decision", {"approve": True})
    second = amr.post(f"/api/tasks/{task.pk}/extension", {"days": 5, "reason": "仍不能办结"})
    assert second.status_code == 409, second.json()
    assert "只能延期一次" in second.json()["detail"] and second.json()["field"] == "extension"
    task.refresh_from_db()
    assert task.extension_days == 5
    assert TaskExtension.objects.filter(task=task).count() == 1


def test_after_a_refusal_the_approver_may_ask_again_and_that_one_counts_as_the_extension():
    task = amr_task(in_review())
    decide(request(task, days=10), approve=False, note="请说明需要核查的具体内容")
    again = request(task, days=6, reason="需现场核查丰华路 1 号的经营场所")
    decide(again)
    with pytest.raises(Conflict):
        request(task, days=1)
    task.refresh_from_db()
    assert task.extension_days == 6
    assert list(task.extensions.order_by("requested_at").values_list("status", flat=True)) == ["refused", "approved"]


def test_the_database_refuses_a_second_live_extension_even_without_the_action():
    from django.db import IntegrityError, transaction

    extension = request(amr_task(in_review()))
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskExtension.objects.create(
            task=extension.task, requested_by=user("amr"), requested_at=timezone.now(), days=2, reason="x"
        )


@pytest.mark.parametrize("days", [0, 11, -1, 100])
def test_days_outside_1_to_10_are_refused(api, days):
    task = amr_task(in_review())
    answer = api("amr").post(f"/api/tasks/{task.pk}/extension", {"days": days, "reason": REASON})
    # A negative count is refused by the schema's type (422), before the rule of 1 to 10 (400) is asked.
    assert answer.status_code == (422 if days < 0 else 400), answer.json()
    assert answer.json()["field"].endswith("days")
    assert days < 0 or "1 至 10 个工作日" in answer.json()["detail"]
    assert not TaskExtension.objects.exists()


def test_1_and_10_working_days_are_allowed():
    first, second = amr_task(in_review()), amr_task(in_review())
    assert request(first, days=1).days == 1
    assert request(second, days=10).days == 10


def test_a_reason_is_required_and_a_malformed_body_is_422(api):
    task = amr_task(in_review())
    blank = api("amr").post(f"/api/tasks/{task.pk}/extension", {"days": 5, "reason": "  "})
    assert blank.status_code == 400 and blank.json()["field"] == "reason"
    words = api("amr").post(f"/api/tasks/{task.pk}/extension", {"days": "五", "reason": REASON})
    assert words.status_code == 422 and words.json()["field"] == "days"
    with pytest.raises(DomainError) as refused:
        request(task, days=True)
    assert refused.value.field == "days"


def test_no_extension_once_the_deadline_has_passed_or_the_task_is_not_running():
    case = in_review()
    task = amr_task(case)
    Task.objects.filter(pk=task.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Conflict, match="法定时限已于"):
        request(task)
    Task.objects.filter(pk=task.pk).update(deadline=timezone.now() + timedelta(days=3))
    actions.task_approve(task=task, approver=user("amr"))
    with pytest.raises(Conflict, match="不能申请延期"):
        request(task)


def test_a_public_notice_is_not_extended():
    task = amr_task(in_review())
    Task.objects.filter(pk=task.pk).update(waits_until=timezone.now() + timedelta(days=20))
    with pytest.raises(Conflict, match="公示期"):
        request(task)


def test_a_request_left_pending_past_the_deadline_can_only_be_refused():
    task = amr_task(in_review())
    extension = request(task)
    Task.objects.filter(pk=task.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Conflict, match="不能再批准延期"):
        decide(extension)
    assert decide(extension, approve=False, note="已超过法定时限").status == ExtensionStatus.REFUSED


def test_a_decided_request_is_not_decided_again():
    extension = request(amr_task(in_review()))
    decide(extension)
    with pytest.raises(Conflict, match="已审批"):
        decide(extension, approve=False, note="改为不予批准")


# --- who may ask and who may decide ---------------------------------------------------------------


def test_only_an_approver_of_the_tasks_department_asks(api):
    task = amr_task(in_review())
    for username, status in [("police", 404), ("amr-head", 404), ("applicant", 404), ("window", 404)]:
        answer = api(username).post(f"/api/tasks/{task.pk}/extension", {"days": 5, "reason": REASON})
        assert answer.status_code == status, (username, answer.json())
    for username in ("police", "amr-head", "applicant"):
        with pytest.raises(NotFound):
            request(task, by=username)
    assert not TaskExtension.objects.exists()


def test_only_the_head_of_the_tasks_department_decides(api):
    task = amr_task(in_review())
    extension = request(task)
    url = f"/api/extensions/{extension.pk}/decision"
    for username, status in [
        ("police-head", 404),  # the head of another department
        ("police", 404),  # an approver of another department
        ("amr", 403),  # the approver who asked: may read the request, not decide it
        ("applicant", 404),
        ("window", 404),
        ("leader", 404),
    ]:
        answer = api(username).post(url, {"approve": True})
        assert answer.status_code == status, (username, answer.json())
    with pytest.raises(Forbidden):
        decide(extension, by="amr")
    for username in ("police-head", "police", "applicant", "leader"):
        with pytest.raises(NotFound):
            decide(extension, by=username)
    extension.refresh_from_db()
    task.refresh_from_db()
    assert extension.status == ExtensionStatus.REQUESTED and task.extension_days == 0


def test_each_sees_the_requests_of_their_own_department(api):
    extension = request(amr_task(in_review()))
    for username, seen in [("amr-head", 1), ("amr", 1), ("police-head", 0), ("police", 0), ("applicant", 0)]:
        assert api(username).get("/api/extensions").json()["count"] == seen, username
    pending = api("amr-head").get("/api/extensions", status="requested").json()["items"]
    assert [e["id"] for e in pending] == [str(extension.pk)]
    assert api("amr-head").get("/api/extensions", status="approved").json()["count"] == 0


# --- the timeline, the audit trail, the notifications ---------------------------------------------


def test_the_timeline_and_the_audit_trail_record_the_request_and_the_decision(api, django_capture_on_commit_callbacks):
    case = in_review()
    task = amr_task(case)
    with django_capture_on_commit_callbacks(execute=True):
        extension = request(task, days=5)
        decide(extension, note="同意延期")
    task.refresh_from_db()
    events = api("applicant").get(f"/api/cases/{case.pk}").json()["events"]
    mine = [e for e in events if e["action"].startswith("extension_")]
    assert [e["action"] for e in mine] == ["extension_request", "extension_approve"]
    assert [e["action_display"] for e in mine] == ["申请延期", "部门负责人批准延期"]
    assert mine[0]["reason"] == REASON and mine[0]["actor"] == "市场监管审批员"
    assert mine[1]["reason"] == "同意延期" and mine[1]["actor"] == "市场监管局负责人"
    assert mine[1]["department"] == "洛阳高新区市场监督管理局"
    assert mine[1]["data"]["days"] == 5 and mine[1]["data"]["extension"] == str(extension.pk)
    assert _moment(mine[1]["data"]["deadline_after"]) == task.deadline
    rows = AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk), action__startswith="extension_")
    assert rows.count() == 2
    assert list(audit_problems()) == []
    call_command("audit_verify")


def test_the_heads_hear_of_a_request_and_the_approver_and_the_applicant_of_the_approval(
    django_capture_on_commit_callbacks,
):
    case = in_review()
    task = amr_task(case)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        extension = request(task, days=5)
    assert len(callbacks) == 1
    told = Notification.objects.get(kind=Kind.EXTENSION_REQUESTED)
    assert told.recipient.username == "amr-head" and told.link == "/desk/extensions/"
    assert case.number in told.title and "5 个工作日" in told.title and REASON in told.body
    assert not Notification.objects.filter(recipient__username="police-head").exists()

    with django_capture_on_commit_callbacks(execute=True):
        decide(extension, note="同意")
    task.refresh_from_db()
    new_deadline = timezone.localtime(task.deadline).strftime("%Y-%m-%d %H:%M")
    decided = Notification.objects.get(kind=Kind.EXTENSION_DECIDED)
    assert decided.recipient.username == "amr" and "已批准" in decided.title and new_deadline in decided.body
    assert decided.link == f"/desk/tasks/{task.pk}/"
    applicant = Notification.objects.get(kind=Kind.TASK_EXTENDED)
    assert applicant.recipient == case.applicant
    assert case.number in applicant.title
    assert new_deadline in applicant.body and REASON in applicant.body, "§42: the applicant is told the reason"
    assert applicant.link == f"/portal/cases/{case.pk}/"


def test_a_refusal_is_told_to_the_approver_only(django_capture_on_commit_callbacks):
    case = in_review()
    with django_capture_on_commit_callbacks(execute=True):
        decide(request(amr_task(case)), approve=False, note="请按期办结")
    refused = Notification.objects.get(kind=Kind.EXTENSION_DECIDED)
    assert refused.recipient.username == "amr" and "不予批准" in refused.title and "请按期办结" in refused.body
    assert not Notification.objects.filter(kind=Kind.TASK_EXTENDED).exists()


def test_a_walk_in_applicant_without_an_account_gets_nothing_in_app(django_capture_on_commit_callbacks):
    case = in_review(by="window")
    assert case.applicant_id is None
    with django_capture_on_commit_callbacks(execute=True):
        decide(request(amr_task(case)))
    assert not Notification.objects.filter(kind=Kind.TASK_EXTENDED).exists()
    assert Notification.objects.filter(kind=Kind.EXTENSION_DECIDED, recipient__username="amr").exists()


def test_nothing_is_told_of_what_was_refused(django_capture_on_commit_callbacks):
    task = amr_task(in_review())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(DomainError):
            request(task, days=11)
        extension = request(task)
        with pytest.raises(Conflict):
            request(task)
        with pytest.raises(Forbidden):
            decide(extension, by="amr")
    assert len(callbacks) == 1
    assert Notification.objects.count() == 1


def test_the_notifications_are_written_in_chinese_whatever_the_head_reads(api, django_capture_on_commit_callbacks):
    task = amr_task(in_review())
    extension = request(task)
    with django_capture_on_commit_callbacks(execute=True):
        answer = api("amr-head").client.post(
            f"/api/extensions/{extension.pk}/decision",
            {"approve": True},
            content_type="application/json",
            headers={**api("amr-head").headers, "Accept-Language": "en"},
        )
    assert answer.status_code == 200
    assert "已批准" in Notification.objects.get(kind=Kind.EXTENSION_DECIDED).title


# --- races ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_heads_deciding_at_once_one_wins_the_other_conflicts():
    case = in_review()
    task = amr_task(case)
    extension = request(task, days=8)
    second_head = User.objects.create_user(
        "amr-head2", password="gaoxin-demo-2", role=Role.DEPT_HEAD, department=Department.objects.get(code="amr")
    )
    outcomes = race(
        lambda: actions.task_extension_decide(extension=extension, head=user("amr-head"), approve=True),
        lambda: actions.task_extension_decide(extension=extension, head=second_head, approve=False, note="不同意"),
    )
    winners = [o for o in outcomes if isinstance(o, TaskExtension)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(winners) == 1 and len(conflicts) == 1, outcomes
    extension.refresh_from_db()
    task.refresh_from_db()
    assert extension.status == winners[0].status
    assert task.extension_days == (8 if extension.status == ExtensionStatus.APPROVED else 0)
    decisions = AuditEvent.objects.filter(subject_id=str(case.pk), action__in=["extension_approve", "extension_refuse"])
    assert decisions.count() == 1
    assert list(audit_problems()) == []


@pytest.mark.django_db(transaction=True)
def test_two_approvers_asking_at_once_make_one_request():
    task = amr_task(in_review())
    second = User.objects.create_user(
        "amr2", password="gaoxin-demo-2", role=Role.APPROVER, department=Department.objects.get(code="amr")
    )
    outcomes = race(
        lambda: actions.task_extension_request(task=task, approver=user("amr"), days=3, reason="甲"),
        lambda: actions.task_extension_request(task=task, approver=second, days=4, reason="乙"),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "TaskExtension"], outcomes
    assert TaskExtension.objects.filter(task=task).count() == 1
    assert Case.objects.get(pk=task.case_id).status == CaseStatus.IN_REVIEW
    assert list(audit_problems()) == []
