"""督办: a unit's missed deadline goes to its head, then (still missed some working days later, counted on the
working-day calendar) to the enterprise's responsible leader, once each however often and on however many workers the
job runs; leaders' instructions (批示) and the unit's answers; the supervision view."""

import pytest
from django.urls import reverse

from gaoxin.accounts.models import Role, User
from gaoxin.core.audit import audit_problems
from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.core.models import AuditEvent
from gaoxin.demands import actions
from gaoxin.demands.models import Escalation, EscalationLevel, Status
from gaoxin.notifications.models import Kind, Notification
from tests.cases.test_concurrency import race
from tests.demands.helpers import assigned, at, category, paired, raised, user

pytestmark = pytest.mark.django_db


def supervise(now, captured):
    with captured(execute=True):
        return actions.demands_supervise(now=now)["escalated"]


def escalated(demand) -> list[tuple[str, set[str]]]:
    return [
        (e.level, {person.username for person in e.recipients.all()})
        for e in Escalation.objects.filter(demand=demand).order_by("at", "pk")
    ]


def told(username: str, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient__username=username, kind=kind))


def test_a_missed_deadline_goes_to_the_units_head_then_across_national_day_to_the_leader(
    django_capture_on_commit_callbacks,
):
    """Assigned on 30 September 2025, to be accepted by 9 October (1-8 October are holidays). Not accepted: on the
    10th it goes to amr's head; three working days later — Friday 10, Saturday 11 (a make-up working day, 调休),
    Monday 13 October — to the enterprise's responsible leader at close of business."""
    paired(leader="leader2")
    demand = assigned(at(2025, 9, 30, 10, 0))
    assert demand.accept_due == at(2025, 10, 9, 17, 0)
    assert supervise(at(2025, 10, 9, 16, 0), django_capture_on_commit_callbacks) == 0
    assert told("amr", Kind.DEMAND_WARNING), "80 % of the limit used: the unit is warned"
    assert supervise(at(2025, 10, 10, 9, 0), django_capture_on_commit_callbacks) == 1
    assert escalated(demand) == [(EscalationLevel.UNIT_HEAD, {"amr-head"})]
    (message,) = told("amr-head", Kind.DEMAND_ESCALATED)
    assert demand.number in message.title and "签收" in message.body and str(demand.pk) in message.link
    assert supervise(at(2025, 10, 13, 16, 59), django_capture_on_commit_callbacks) == 0
    assert supervise(at(2025, 10, 13, 17, 0), django_capture_on_commit_callbacks) == 1
    assert escalated(demand)[1] == (EscalationLevel.LEADER, {"leader2"})
    assert told("leader2", Kind.DEMAND_ESCALATED) and not told("leader", Kind.DEMAND_ESCALATED)
    trail = AuditEvent.objects.filter(subject_type="demand", subject_id=str(demand.pk), action="escalate")
    assert [e.data["level"] for e in trail.order_by("seq")] == ["unit_head", "leader"]
    assert "签收超过期限 2025-10-09 17:00" in trail.first().reason
    assert not list(audit_problems())


def test_the_leaders_working_days_are_a_setting_and_a_weekend_does_not_count(
    django_capture_on_commit_callbacks, settings
):
    """Assigned on Thursday 18 September 2025: accept by Friday 19th. One further working day is Monday 22nd."""
    settings.GAOXIN = {**settings.GAOXIN, "DEMANDS_ESCALATE_LEADER_DAYS": 1}
    paired()
    demand = assigned(at(2025, 9, 18, 10, 0))
    assert supervise(at(2025, 9, 21, 12, 0), django_capture_on_commit_callbacks) == 1, "Sunday: the head"
    assert supervise(at(2025, 9, 22, 16, 0), django_capture_on_commit_callbacks) == 0
    assert supervise(at(2025, 9, 22, 17, 0), django_capture_on_commit_callbacks) == 1
    assert [level for level, _people in escalated(demand)] == ["unit_head", "leader"]


def test_each_missed_deadline_escalates_once_and_a_later_one_again(django_capture_on_commit_callbacks):
    paired()
    demand = assigned(at(2025, 9, 18, 10, 0))
    late = at(2025, 9, 22, 9, 0)
    assert supervise(late, django_capture_on_commit_callbacks) == 1
    assert supervise(late, django_capture_on_commit_callbacks) == 0, "running again escalates nothing more"
    assert len(told("amr-head", Kind.DEMAND_ESCALATED)) == 1
    # Accepted late: the first response is due within 3 working days of the assignment (Tuesday 23rd), missed too.
    actions.demand_accept(demand=demand, actor=user("amr"), now=at(2025, 9, 22, 10, 0))
    assert supervise(at(2025, 9, 24, 9, 0), django_capture_on_commit_callbacks) == 1
    assert [e.status for e in Escalation.objects.filter(demand=demand).order_by("at")] == [
        Status.ASSIGNED,
        Status.ACCEPTED,
    ]
    assert len(told("amr-head", Kind.DEMAND_ESCALATED)) == 2


def test_what_waits_for_the_office_or_was_answered_is_not_escalated(django_capture_on_commit_callbacks):
    raised(at(2025, 9, 18, 10, 0))  # 待交办: the office's own lateness, on its board
    demand = assigned(at(2025, 9, 18, 10, 0))
    actions.demand_accept(demand=demand, actor=user("amr"), now=at(2025, 9, 19, 10, 0))
    actions.demand_reply(
        demand=demand, actor=user("amr"), result="solved", reply="已推荐焊工", now=at(2025, 9, 19, 11, 0)
    )
    assert supervise(at(2025, 10, 30, 9, 0), django_capture_on_commit_callbacks) == 0
    assert not Escalation.objects.exists()


def test_a_residents_demand_goes_to_the_zones_leaders(django_capture_on_commit_callbacks):
    demand = actions.demand_raise(
        actor=user("office"),
        problem=actions.Problem(category("infrastructure"), "路灯不亮", "小区门口路灯坏了"),
        contact_name="李女士",
        contact_phone="13900000001",
        channel="hotline",
        now=at(2025, 9, 15, 10, 0),
    )
    actions.demand_assign(demand=demand, actor=user("office"), unit=user("amr").department, now=at(2025, 9, 15, 11, 0))
    assert supervise(at(2025, 9, 30, 9, 0), django_capture_on_commit_callbacks) == 2, "both levels at once"
    leaders = set(User.objects.filter(role=Role.LEADER, is_active=True).values_list("username", flat=True))
    assert escalated(demand)[1] == (EscalationLevel.LEADER, leaders) and {"leader", "leader2"} <= leaders


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_escalate_once():
    paired()
    demand = assigned(at(2025, 9, 18, 10, 0))
    late = at(2025, 9, 22, 9, 0)
    outcomes = race(lambda: actions.demands_supervise(now=late), lambda: actions.demands_supervise(now=late))
    assert sorted(o["escalated"] for o in outcomes) == [0, 1], outcomes
    assert Escalation.objects.filter(demand=demand).count() == 1
    assert Notification.objects.filter(kind=Kind.DEMAND_ESCALATED).count() == 1
    assert not list(audit_problems())


def test_a_leaders_instruction_is_answered_by_the_unit_and_each_is_told(django_capture_on_commit_callbacks):
    paired()
    demand = assigned(at(2025, 9, 18, 10, 0))
    with pytest.raises(Forbidden):
        actions.demand_instruct(demand=demand, actor=user("office"), text="请加快")
    with pytest.raises(DomainError) as refused:
        actions.demand_instruct(demand=demand, actor=user("leader"), text=" ")
    assert refused.value.field == "text"
    with django_capture_on_commit_callbacks(execute=True):
        instruction = actions.demand_instruct(demand=demand, actor=user("leader"), text="请三日内对接招聘会")
    assert told("amr", Kind.DEMAND_INSTRUCTED) and told("amr-head", Kind.DEMAND_INSTRUCTED)
    with pytest.raises(Forbidden):
        actions.instruction_answer(instruction=instruction, actor=user("police"), answer="不归我们")
    with django_capture_on_commit_callbacks(execute=True):
        actions.instruction_answer(instruction=instruction, actor=user("amr-head"), answer="已定于周五举办专场招聘会")
    (message,) = told("leader", Kind.DEMAND_INSTRUCTION_ANSWERED)
    assert "专场招聘会" in message.body
    with pytest.raises(Conflict):
        actions.instruction_answer(instruction=instruction, actor=user("amr"), answer="再答一次")
    steps = AuditEvent.objects.filter(subject_type="demand", subject_id=str(demand.pk)).order_by("seq")
    assert [e.action for e in steps][-2:] == ["instruct", "answer_instruction"]


def test_an_instruction_needs_a_unit_to_answer_it():
    with pytest.raises(Conflict):
        actions.demand_instruct(demand=raised(), actor=user("leader"), text="请尽快交办")


def test_instructions_through_the_api_and_the_detail_shows_them(api, django_capture_on_commit_callbacks):
    paired()
    demand = assigned(at(2025, 9, 18, 10, 0))
    supervise(at(2025, 9, 22, 9, 0), django_capture_on_commit_callbacks)
    url = f"/api/demands/{demand.pk}"
    assert api("office").post(f"{url}/instructions", {"text": "请加快"}).status_code == 403
    made = api("leader").post(f"{url}/instructions", {"text": "请三日内对接招聘会"})
    assert made.status_code == 201, made.content
    iid = made.json()["id"]
    assert api("amr").post(f"{url}/instructions/{iid}/answer", {"answer": ""}).json()["field"] == "answer"
    other = assigned(at(2025, 9, 18, 10, 0), title="用电增容", text="新产线需增容")
    assert api("amr").post(f"/api/demands/{other.pk}/instructions/{iid}/answer", {"answer": "x"}).status_code == 404
    answered = api("amr").post(f"{url}/instructions/{iid}/answer", {"answer": "已定于周五举办专场招聘会"})
    assert (answered.status_code, answered.json()["answered_by"]) == (200, user("amr").name)
    assert api("amr").post(f"{url}/instructions/{iid}/answer", {"answer": "再答"}).status_code == 409
    detail = api("leader").get(url).json()
    assert [(e["level"], e["to"]) for e in detail["escalations"]] == [("unit_head", [user("amr-head").name])]
    assert [(i["text"], i["answer"]) for i in detail["instructions"]] == [
        ("请三日内对接招聘会", "已定于周五举办专场招聘会")
    ]


def test_the_supervision_view_and_the_desk_show_escalations_and_pending_instructions(
    client, django_capture_on_commit_callbacks
):
    paired()
    demand = assigned(at(2025, 9, 18, 10, 0))
    supervise(at(2025, 9, 22, 9, 0), django_capture_on_commit_callbacks)
    actions.demand_instruct(demand=demand, actor=user("leader"), text="请三日内对接招聘会")
    client.force_login(user("leader"))
    page = client.get(reverse("demands-supervision")).content.decode()
    assert demand.number in page and "承办单位负责人" in page and "请三日内对接招聘会" in page
    client.force_login(user("amr-head"))
    assert client.get(reverse("demands-supervision")).status_code == 404
    desk = client.get(reverse("demands-desk")).content.decode()
    assert "领导批示待答复" in desk and "请三日内对接招聘会" in desk
    shown = client.get(reverse("demands-demand", args=[demand.pk])).content.decode()
    assert "超期督办" in shown and 'value="answer"' in shown
    instruction = demand.instructions.get()
    done = client.post(
        reverse("demands-demand", args=[demand.pk]),
        {"step": "answer", "instruction": str(instruction.pk), "answer": "已定于周五举办专场招聘会"},
    )
    assert done.status_code == 302
    instruction.refresh_from_db()
    assert instruction.answered_by == user("amr-head")
    client.force_login(user("office"))
    assert (
        "请三日内对接招聘会" not in client.get(reverse("demands-supervision")).content.decode().split("批示待答复")[1]
    )


def test_answering_an_instruction_twice_on_the_page_says_why(client):
    demand = assigned(at(2025, 9, 18, 10, 0))
    instruction = actions.demand_instruct(demand=demand, actor=user("leader"), text="请加快")
    actions.instruction_answer(instruction=instruction, actor=user("amr"), answer="已办")
    client.force_login(user("amr-head"))
    again = client.post(
        reverse("demands-demand", args=[demand.pk]),
        {"step": "answer", "instruction": str(instruction.pk), "answer": "再答"},
    )
    assert again.status_code == 409 and "该批示已答复" in again.content.decode()


def test_the_supervision_and_the_desks_instructions_through_the_api(api, django_capture_on_commit_callbacks):
    paired()
    demand = assigned(at(2025, 9, 18, 10, 0))
    supervise(at(2025, 9, 22, 9, 0), django_capture_on_commit_callbacks)
    actions.demand_instruct(demand=demand, actor=user("leader"), text="请三日内对接招聘会")

    found = api("leader").get("/api/demands/supervision").json()
    (unit,) = [u for u in found["units"] if any(r["id"] == str(demand.pk) for r in u["rows"])]
    (row,) = [r for r in unit["rows"] if r["id"] == str(demand.pk)]
    assert (row["escalation"], row["pending_instructions"], unit["escalated"]) == ("承办单位负责人", 1, 1)
    assert [(p["number"], p["text"]) for p in found["pending"]] == [(demand.number, "请三日内对接招聘会")]
    assert api("amr-head").get("/api/demands/supervision").status_code == 404, "as the board: not theirs to know of"

    desk = api("amr-head").get("/api/demands/desk").json()
    assert [(i["demand_id"], i["text"]) for i in desk["instructions"]] == [(str(demand.pk), "请三日内对接招聘会")]
    assert api("tax").get("/api/demands/desk").json()["instructions"] == [], "another unit's instruction is not theirs"
