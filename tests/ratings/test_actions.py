"""Rating a decided case once, and the rectification a bad rating opens: deadline, callback, close, audit."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gaoxin.cases.models import CaseStatus, Channel
from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.core.models import AuditEvent
from gaoxin.ratings import actions
from gaoxin.ratings.models import Rating, Rectification, RectificationStatus
from gaoxin.workdays.deadlines import add_working_days
from tests.ratings.helpers import (
    approved_case,
    clock_at,
    grant_open_tasks,
    not_accepted_case,
    rate,
    submitted_case,
    user,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- rating ---------------------------------------------------------------------------------------


def test_an_applicant_rates_an_approved_case_once():
    case = approved_case()
    assert case.status == CaseStatus.APPROVED
    rating = rate(case, 5, comment="当场办结，很方便")
    assert (rating.level, rating.channel, rating.rated_by) == (5, Channel.ONLINE, user("applicant"))
    assert rating.department.code == "hpf"
    assert not Rectification.objects.exists(), "a good rating opens no rectification"
    with pytest.raises(Conflict, match="一事一评"):
        rate(case, 1)
    assert Rating.objects.filter(case=case).count() == 1


def test_a_case_without_a_decision_cannot_be_rated():
    case = submitted_case()
    with pytest.raises(Conflict, match="办结后才能评价") as refused:
        rate(case, 4)
    assert refused.value.status == 409 and "已提交待受理" in refused.value.message
    assert not Rating.objects.exists()


def test_a_withdrawn_case_has_nothing_to_rate():
    from gaoxin.cases import actions as case_actions

    case = case_actions.case_withdraw(case=submitted_case(), actor=user("applicant"), reason="不办了")
    with pytest.raises(Conflict, match="撤回"):
        rate(case, 3)


def test_a_case_not_accepted_at_the_window_can_be_rated_and_counts_for_its_first_planned_department():
    case = not_accepted_case()
    assert case.status == CaseStatus.NOT_ACCEPTED and not case.tasks.exists()
    rating = rate(case, 2, comment="没有说清楚为什么不受理")
    assert rating.department.code == "amr"
    assert rating.rectification.department.code == "amr"


def test_a_case_ended_partly_can_be_rated_for_the_department_that_refused():
    from gaoxin.cases import actions as case_actions

    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    grant_open_tasks(case, departments={"amr"})
    case_actions.task_deny(task=case.tasks.get(department__code="tax"), approver=user("tax"), reason="存在欠税")
    grant_open_tasks(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.PARTLY_APPROVED
    rating = rate(case, 2, comment="税务未通过，说明不够清楚", department="tax")
    assert rating.department.code == "tax" and rating.rectification.department.code == "tax"


def test_only_the_applicant_rates_an_online_case():
    case = approved_case()
    for username in ("window", "leader", "hpf", "admin"):
        with pytest.raises(Forbidden):
            rate(case, 5, by=username)
    assert not Rating.objects.exists()


def test_no_member_of_staff_rates_a_walk_in_case_not_even_the_window():
    case = approved_case(by="window", name="董女士")
    assert case.channel == Channel.WINDOW and case.applicant is None
    for staff in ("window", "hpf", "leader", "admin"):
        with pytest.raises(Forbidden) as refused:
            rate(case, 4, by=staff, comment="窗口代评：申请人表示满意")
        assert "工作人员不能代申请人评价" in refused.value.message
    with pytest.raises(Forbidden):
        rate(case, 4, by="applicant")
    assert not Rating.objects.exists()


def test_level_comment_and_department_are_checked_before_anything_is_written():
    case = approved_case(bundle="company-setup")
    for level in (0, 6, "x", None, True, 4.5):
        with pytest.raises(DomainError) as bad:
            rate(case, level)
        assert bad.value.field == "level"
    with pytest.raises(DomainError) as long:
        rate(case, 5, comment="长" * 1001)
    assert long.value.field == "comment"
    with pytest.raises(DomainError) as stranger:
        rate(case, 2, department="customs")
    assert stranger.value.field == "department"
    assert not Rating.objects.exists() and not AuditEvent.objects.filter(subject_type="rating").exists()


def test_the_rater_may_name_one_of_the_cases_departments():
    case = approved_case(bundle="company-setup")
    rating = rate(case, 1, department="tax", comment="税务环节反复要求补充")
    assert rating.department.code == "tax" and rating.rectification.department.code == "tax"
    default = rate(approved_case(bundle="company-setup", name="李四"), 1)
    assert default.department.code == "amr", "the department of the case's first task"


# --- rectification --------------------------------------------------------------------------------


def test_a_bad_rating_opens_a_rectification_due_in_five_working_days():
    case = approved_case()
    rating = rate(case, 2, comment="等了很久")
    rectification = rating.rectification
    assert rectification.status == RectificationStatus.OPEN and rectification.department.code == "hpf"
    assert rectification.opened_at == rating.rated_at
    assert rectification.deadline == add_working_days(rating.rated_at, 5).at


def test_the_five_working_days_skip_the_weekend():
    case = approved_case()
    friday = datetime(2026, 3, 6, 16, 0, tzinfo=SHANGHAI)
    with clock_at(friday):
        rating = rate(case, 1)
    deadline = rating.rectification.deadline
    assert deadline == add_working_days(friday, 5).at
    assert deadline == datetime(2026, 3, 13, 17, 0, tzinfo=SHANGHAI), "Mon 9 … Fri 13, close of business"


def test_the_number_of_working_days_is_a_setting(settings):
    settings.GAOXIN = {**settings.GAOXIN, "RECTIFICATION_WORKING_DAYS": 2}
    thursday = datetime(2026, 3, 5, 10, 0, tzinfo=SHANGHAI)
    with clock_at(thursday):
        rating = rate(approved_case(), 2)
    assert rating.rectification.deadline == datetime(2026, 3, 9, 17, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize("level", [3, 4, 5])
def test_no_rectification_for_a_fair_or_good_rating(level):
    rating = rate(approved_case(), level)
    assert not Rectification.objects.filter(rating=rating).exists()


def test_callback_and_close_by_the_departments_approver():
    rectification = rate(approved_case(), 1, comment="态度不好").rectification
    hpf = user("hpf")
    with pytest.raises(Conflict, match="先回访"):
        actions.rectification_close(rectification=rectification, actor=hpf, result="已整改")
    with pytest.raises(DomainError) as empty:
        actions.rectification_callback(rectification=rectification, actor=hpf, note="  ")
    assert empty.value.field == "note"
    callback = actions.rectification_callback(rectification=rectification, actor=hpf, note="已电话回访，申请人接受道歉")
    assert callback.by == hpf and callback.at is not None
    with pytest.raises(DomainError) as no_result:
        actions.rectification_close(rectification=rectification, actor=hpf, result="")
    assert no_result.value.field == "result"
    closed = actions.rectification_close(rectification=rectification, actor=hpf, result="对窗口人员进行了服务规范培训")
    assert closed.status == RectificationStatus.CLOSED and closed.closed_by == hpf and closed.closed_at
    with pytest.raises(Conflict):
        actions.rectification_close(rectification=rectification, actor=hpf, result="再次办结")
    with pytest.raises(Conflict):
        actions.rectification_callback(rectification=rectification, actor=hpf, note="再次回访")


@pytest.mark.parametrize("username", ["amr", "tax", "leader", "window", "applicant"])
def test_nobody_else_records_the_callback_or_closes(username):
    rectification = rate(approved_case(), 1).rectification
    with pytest.raises(Forbidden):
        actions.rectification_callback(rectification=rectification, actor=user(username), note="回访")
    with pytest.raises(Forbidden):
        actions.rectification_close(rectification=rectification, actor=user(username), result="整改")
    assert not rectification.callbacks.exists()


def test_an_administrator_may_handle_any_rectification():
    rectification = rate(approved_case(), 2).rectification
    admin = user("admin")
    actions.rectification_callback(rectification=rectification, actor=admin, note="代为回访")
    assert actions.rectification_close(rectification=rectification, actor=admin, result="已整改").status == "closed"


def test_everything_is_audited_on_chains_of_its_own():
    case = approved_case()
    case_events_before = AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk)).count()
    rating = rate(case, 1, comment="差")
    rectification = rating.rectification
    hpf = user("hpf")
    actions.rectification_callback(rectification=rectification, actor=hpf, note="已回访")
    actions.rectification_close(rectification=rectification, actor=hpf, result="已整改")

    rated = AuditEvent.objects.get(subject_type="rating", subject_id=str(rating.pk))
    assert (rated.action, rated.actor, rated.to_state, rated.reason) == ("rate", user("applicant"), "1", "差")
    assert rated.data["case"] == str(case.pk) and rated.data["department"] == "hpf"
    chain = AuditEvent.objects.filter(subject_type="rectification", subject_id=str(rectification.pk)).order_by("seq")
    assert [(e.seq, e.action) for e in chain] == [(1, "open"), (2, "callback"), (3, "close")]
    assert chain.last().from_state == "open" and chain.last().to_state == "closed"
    assert AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk)).count() == case_events_before
    call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_two_ratings_of_one_case_at_once_one_wins_the_other_conflicts():
    from tests.cases.test_concurrency import race

    case = approved_case()
    outcomes = race(lambda: rate(case, 5), lambda: rate(case, 1))
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "Rating"], outcomes
    assert Rating.objects.filter(case=case).count() == 1
    assert Rectification.objects.count() == (1 if Rating.objects.get(case=case).level == 1 else 0)
