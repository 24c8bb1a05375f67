"""The loop through its actions: the 13710 limits in working days, send-back, reopening, closing, visits."""

import pytest

from gaoxin.accounts.models import ApplicantKind
from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.core.models import AuditEvent
from gaoxin.demands import actions
from gaoxin.demands.models import Channel, Demand, Pairing, Status
from gaoxin.notifications.models import Notification
from tests.demands.helpers import assigned, at, category, company, paired, raised, replied, unit, user

pytestmark = pytest.mark.django_db


def test_the_default_limits_count_working_days_across_a_weekend():
    """Raised on a Friday: the office has until close of business on Monday to assign it."""
    demand = raised(at(2025, 9, 19, 10, 0))
    assert demand.assign_due == at(2025, 9, 22, 17, 0)
    assert demand.status == Status.NEW and demand.number.startswith("SQ2025")


def test_the_default_limits_count_working_days_across_national_day():
    """Assigned on 30 September 2025: 1 October to 8 October are holidays, Saturday 11 October a make-up working
    day (调休). Accept by 9 October, first response by the 11th, solved by the 16th; complex by 30 working days."""
    demand = assigned(at(2025, 9, 30, 10, 0))
    assert demand.accept_due == at(2025, 10, 9, 17, 0)
    assert demand.respond_due == at(2025, 10, 11, 17, 0)
    assert demand.solve_due == at(2025, 10, 16, 17, 0)
    demand = actions.demand_accept(demand=demand, actor=user("amr"), now=at(2025, 10, 9, 9, 0))
    demand = actions.demand_mark_complex(
        demand=demand, actor=user("amr"), reason="涉及跨部门协调", now=at(2025, 10, 9, 10, 0)
    )
    # 30 working days from 30 September: 9, 10, 11 October, then five a week from the 13th: 18 November 2025.
    assert demand.solve_due == at(2025, 11, 18, 17, 0)


def test_a_unit_sends_a_demand_back_with_a_reason_and_the_office_assigns_it_again():
    demand = assigned(at(2025, 9, 30, 10, 0))
    with pytest.raises(DomainError) as refused:
        actions.demand_send_back(demand=demand, actor=user("amr"), reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(Forbidden):
        actions.demand_send_back(demand=demand, actor=user("police"), reason="不归公安")
    demand = actions.demand_send_back(demand=demand, actor=user("amr"), reason="招聘属人社局职责")
    assert (demand.status, demand.unit, demand.send_back_reason) == (Status.NEW, None, "招聘属人社局职责")
    assert demand.solve_due is None
    demand = actions.demand_assign(demand=demand, actor=user("office"), unit=unit("hrss"))
    assert demand.status == Status.ASSIGNED and demand.unit.code == "hrss" and demand.send_back_reason == ""
    with pytest.raises(Forbidden):
        actions.demand_accept(demand=demand, actor=user("amr"))
    actions.demand_accept(demand=demand, actor=user("hrss"))


def test_only_the_office_assigns_and_a_demand_is_assigned_once():
    demand = raised()
    with pytest.raises(Forbidden):
        actions.demand_assign(demand=demand, actor=user("cadre"), unit=unit("amr"))
    actions.demand_assign(demand=demand, actor=user("office"), unit=unit("amr"))
    with pytest.raises(Conflict):
        actions.demand_assign(demand=demand, actor=user("office"), unit=unit("hrss"))


def test_the_unit_is_told_of_a_new_assignment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demand = assigned()
    assert Notification.objects.filter(recipient=user("amr"), kind="demand_assigned", link__contains=str(demand.pk))


def test_not_satisfied_reopens_with_the_same_unit_a_shorter_limit_and_tells_the_leader(
    django_capture_on_commit_callbacks,
):
    paired()
    with django_capture_on_commit_callbacks(execute=True):
        demand = replied(now=at(2025, 9, 30, 10, 0))
    assert Notification.objects.filter(recipient=user("company"), kind="demand_replied").exists()
    with pytest.raises(DomainError) as refused:
        actions.demand_confirm(demand=demand, actor=user("company"), satisfaction="not_satisfied")
    assert refused.value.field == "comment"
    with django_capture_on_commit_callbacks(execute=True):
        demand = actions.demand_confirm(
            demand=demand,
            actor=user("company"),
            satisfaction="not_satisfied",
            comment="招聘会没有焊工岗位",
            now=at(2025, 10, 9, 10, 0),
        )
    assert (demand.status, demand.unit.code, demand.reopen_count) == (Status.IN_PROGRESS, "amr", 1)
    # Reopened on 9 October: 5 working days after it (10, 11 make-up, 13, 14, 15) instead of 7.
    assert demand.solve_due == at(2025, 10, 15, 17, 0)
    assert demand.reply == "" and demand.result == ""
    told = Notification.objects.get(recipient=user("leader"), kind="demand_reopened")
    assert demand.number in told.title
    demand = actions.demand_reply(demand=demand, actor=user("amr"), result="solved", reply="已推荐焊工 20 名")
    demand = actions.demand_confirm(demand=demand, actor=user("company"), satisfaction="satisfied")
    assert demand.status == Status.CONFIRMED and not demand.confirmed_on_behalf


def test_closing_is_refused_without_the_enterprises_confirmation():
    paired()
    demand = replied()
    with pytest.raises(Conflict):
        actions.demand_close(demand=demand, actor=user("office"))
    demand = actions.demand_confirm(demand=demand, actor=user("cadre"), satisfaction="basically")
    assert demand.confirmed_on_behalf
    with pytest.raises(Forbidden):
        actions.demand_close(demand=demand, actor=user("cadre"))
    demand = actions.demand_close(demand=demand, actor=user("office"))
    assert demand.status == Status.CLOSED and demand.closed_at


def test_an_explanation_that_policy_does_not_allow_it_is_closed_only_by_the_offices_reviewed_decision():
    demand = replied(result="explained")
    with pytest.raises(DomainError) as refused:
        actions.demand_close(demand=demand, actor=user("office"))
    assert refused.value.field == "note"
    demand = actions.demand_close(demand=demand, actor=user("office"), note="经审核，政策确不允许，已当面解释")
    assert demand.status == Status.CLOSED
    event = AuditEvent.objects.filter(subject_type="demand", subject_id=str(demand.pk), action="close").get()
    assert event.data == {"basis": "reviewed_explanation"}


def test_the_timeline_is_the_audit_trail_of_every_step():
    paired()
    demand = replied()
    actions.demand_confirm(demand=demand, actor=user("company"), satisfaction="satisfied")
    steps = AuditEvent.objects.filter(subject_type="demand", subject_id=str(demand.pk)).order_by("seq")
    assert [e.action for e in steps] == ["raise", "assign", "accept", "reply", "confirm"]


def test_a_visit_raises_each_problem_as_a_demand_in_one_step():
    enterprise = paired()
    problems = [
        actions.Problem(category("land"), "扩建用地", "二期厂房需新增用地 30 亩"),
        actions.Problem(category("utilities"), "电力增容", "新产线需增容 2000 千伏安"),
    ]
    visit, demands = actions.visit_record(
        actor=user("cadre"),
        enterprise=enterprise,
        visited_on=at(2025, 9, 30, 10, 0).date(),
        met="陈志远",
        topics="扩产计划",
        problems=problems,
        contact_phone="13800000051",
        now=at(2025, 9, 30, 16, 0),
    )
    assert [d.channel for d in demands] == [Channel.VISIT, Channel.VISIT]
    assert {d.visit_id for d in demands} == {visit.pk}
    bad = [actions.Problem(category("land"), "扩建用地", "")]
    with pytest.raises(DomainError) as refused:
        actions.visit_record(
            actor=user("cadre"),
            enterprise=enterprise,
            visited_on=visit.visited_on,
            met="陈志远",
            topics="回访",
            problems=bad,
            contact_phone="13800000051",
        )
    assert refused.value.field == "problems.0.text"
    assert Demand.objects.filter(visit__enterprise=enterprise).count() == 2


def test_a_cadre_records_visits_only_at_paired_enterprises():
    with pytest.raises(DomainError):
        actions.visit_record(
            actor=user("cadre2"),
            enterprise=company(),
            visited_on=at(2025, 9, 30, 10, 0).date(),
            met="陈志远",
            topics="走访",
        )


def test_a_new_pairing_ends_the_current_one_and_keeps_the_history():
    enterprise = paired()
    with pytest.raises(Forbidden):
        actions.pairing_set(enterprise=enterprise, actor=user("leader"), cadre=user("cadre2"))
    actions.pairing_set(enterprise=enterprise, actor=user("office"), cadre=user("cadre2"), chief_officer=True)
    history = list(Pairing.objects.filter(enterprise=enterprise).order_by("pk"))
    assert [p.cadre.username for p in history] == ["cadre", "cadre2"]
    assert history[0].valid_to is not None and history[1].valid_to is None and history[1].chief_officer


def test_an_enterprise_account_that_is_not_the_companys_legal_representative_cannot_raise():
    impostor = user("applicant")
    impostor.applicant_kind, impostor.uscc = ApplicantKind.ENTERPRISE, user("company").uscc
    impostor.save(update_fields=["applicant_kind", "uscc"])
    with pytest.raises(Forbidden):
        raised(by="applicant")


def test_over_long_visit_notes_are_refused_not_cut():
    enterprise = paired("company")
    with pytest.raises(DomainError) as refused:
        actions.visit_record(
            actor=user("cadre"),
            enterprise=enterprise,
            visited_on=at(2025, 9, 30, 10, 0).date(),
            met="陈志远",
            topics="走访",
            notes="记" * (actions.TEXT_MAX + 1),
            problems=[],
            now=at(2025, 9, 30, 16, 0),
        )
    assert refused.value.field == "notes" and "最多" in refused.value.message
    assert not enterprise.visits.exists()
