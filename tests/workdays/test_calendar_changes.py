"""Entering a year's days recomputes exactly the stored deadlines that change, audits each and notifies its owners.

The world is made through the real actions on Monday 1 March 2027 at 10:00, a year without a published notice:

- case A, company set-up: its market-registration task has 15 working days (to Monday 22 March); its promise of two
  office hours ends at 12:00 the same day;
- case B, one item (AMR-0003) for applicant2: its promise of one working day ends on Tuesday 2 March, its task of
  three working days on Thursday 4 March;
- a rectification of a bad rating of an (immediately decided) housing-fund case: five working days, to 8 March;
- two element requests: power for drc, five working days (8 March); land for nrp, ten working days (15 March).
"""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from gaoxin.accounts.models import Department, Role, User
from gaoxin.cases import actions as case_actions
from gaoxin.cases.models import Case, Task, TaskStatus
from gaoxin.core.models import AuditEvent
from gaoxin.notifications.models import Kind, Notification
from gaoxin.projects import actions as project_actions
from gaoxin.projects.models import ElementRequest
from gaoxin.ratings.models import Rectification
from gaoxin.workdays import actions, recompute
from gaoxin.workdays.calendar import Day, current_calendar
from gaoxin.workdays.models import CalendarDay, CalendarYear
from tests.projects.helpers import make_project
from tests.ratings.helpers import approved_case, clock_at, rate, submitted_case, user
from tests.workdays.helpers import beijing

pytestmark = pytest.mark.django_db

MONDAY = beijing(2027, 3, 1, 10)


class World:
    def __init__(self):
        with clock_at(MONDAY):
            self.case_a = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
            self.case_b = case_actions.case_accept(
                case=submitted_case(item="AMR-0003", by="applicant2", name="李红梅"), clerk=user("window")
            )
            rated = approved_case()  # housing-fund withdrawal: decided on the spot
            self.rectification = rate(rated, 1, comment="等了很久").rectification
            project = make_project()
            officer = user("officer")
            self.power = project_actions.request_raise(
                project=project, actor=officer, kind="power", description="增容", now=MONDAY
            )
            self.land = project_actions.request_raise(
                project=project, actor=officer, kind="land", description="用地预审", now=MONDAY
            )
        self.task_a = self.case_a.tasks.get(status=TaskStatus.OPEN)
        self.task_b = self.case_b.tasks.get(status=TaskStatus.OPEN)
        drc = Department.objects.get(code="drc")
        self.drc_approver = User.objects.create_user("drc1", role=Role.APPROVER, department=drc)

    def deadlines(self) -> dict[str, datetime]:
        return {
            "case_a": Case.objects.get(pk=self.case_a.pk).deadline,
            "task_a": Task.objects.get(pk=self.task_a.pk).deadline,
            "case_b": Case.objects.get(pk=self.case_b.pk).deadline,
            "task_b": Task.objects.get(pk=self.task_b.pk).deadline,
            "rectification": Rectification.objects.get(pk=self.rectification.pk).deadline,
            "power": ElementRequest.objects.get(pk=self.power.pk).deadline,
            "land": ElementRequest.objects.get(pk=self.land.pk).deadline,
        }


@pytest.fixture
def world() -> World:
    made = World()
    assert made.deadlines() == {
        "case_a": beijing(2027, 3, 1, 12),
        "task_a": beijing(2027, 3, 22, 17),
        "case_b": beijing(2027, 3, 2, 17),
        "task_b": beijing(2027, 3, 4, 17),
        "rectification": beijing(2027, 3, 8, 17),
        "power": beijing(2027, 3, 8, 17),
        "land": beijing(2027, 3, 15, 17),
    }
    return made


def admin() -> User:
    return User.objects.get(username="admin")


def recompute_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="deadline_recompute").order_by("subject_type", "subject_id"))


def moved_notices() -> dict[str, list[str]]:
    """Who was told that a deadline moved, and about which link."""
    told: dict[str, list[str]] = {}
    for notice in Notification.objects.filter(kind=Kind.DEADLINE_MOVED).select_related("recipient"):
        told.setdefault(notice.recipient.username, []).append(notice.link)
    return {name: sorted(links) for name, links in told.items()}


def test_a_day_off_moves_exactly_the_deadlines_that_counted_it(world):
    before = world.deadlines()

    change = actions.calendar_day_save(actor=admin(), day=date(2027, 3, 9), is_working_day=False, name="临时放假")

    after = world.deadlines()
    assert {key for key in after if after[key] != before[key]} == {"task_a", "land"}
    assert after["task_a"] == beijing(2027, 3, 23, 17)
    assert after["land"] == beijing(2027, 3, 16, 17)
    assert change.recomputed == {"cases": 1, "demands": 0, "projects": 1, "ratings": 0}

    events = recompute_events()
    assert [(e.subject_type, e.subject_id) for e in events] == [
        ("case", str(world.case_a.pk)),
        ("element_request", str(world.land.pk)),
    ]
    task_event = events[0]
    assert task_event.actor_id == admin().pk
    assert task_event.data["task"] == str(world.task_a.pk)
    assert task_event.data["old"] == "2027-03-22T17:00:00+08:00"
    assert task_event.data["new"] == "2027-03-23T17:00:00+08:00"
    assert task_event.data["provisional"] is True  # 2027 is still without a notice
    assert events[1].data["new"] == "2027-03-16T17:00:00+08:00"

    assert moved_notices() == {
        "amr": [f"/desk/tasks/{world.task_a.pk}/"],
        "nrp": [f"/projects/requests/{world.land.pk}/"],
    }
    notice = Notification.objects.get(recipient__username="amr", kind=Kind.DEADLINE_MOVED)
    assert world.case_a.number in notice.title and "2027-03-23 17:00" in notice.title
    assert "2027-03-22 17:00" in notice.body


def test_an_early_day_off_moves_every_deadline_that_runs_over_it_and_tells_each_owner(world):
    actions.calendar_day_save(actor=admin(), day=date(2027, 3, 2), is_working_day=False, name="临时放假")

    assert world.deadlines() == {
        "case_a": beijing(2027, 3, 1, 12),  # two office hours on the Monday itself: untouched
        "task_a": beijing(2027, 3, 23, 17),
        "case_b": beijing(2027, 3, 3, 17),
        "task_b": beijing(2027, 3, 5, 17),
        "rectification": beijing(2027, 3, 9, 17),
        "power": beijing(2027, 3, 9, 17),
        "land": beijing(2027, 3, 16, 17),
    }
    hpf_rectification = f"/ratings/rectifications/{world.rectification.pk}/"
    assert moved_notices() == {
        "amr": sorted([f"/desk/tasks/{world.task_a.pk}/", f"/desk/tasks/{world.task_b.pk}/"]),
        "applicant2": [f"/portal/cases/{world.case_b.pk}/"],
        "hpf": [hpf_rectification],
        "drc1": [f"/projects/requests/{world.power.pk}/"],
        "nrp": [f"/projects/requests/{world.land.pk}/"],
    }
    assert "applicant" not in moved_notices()  # case A's own promise did not move
    case_b_events = AuditEvent.objects.filter(subject_id=str(world.case_b.pk), action="deadline_recompute")
    assert sorted("task" in e.data for e in case_b_events) == [False, True]


def test_decided_things_keep_their_deadlines(world):
    case_actions.task_approve(task=world.task_b, approver=user("amr"))  # the only step: case B is decided
    decided = world.deadlines()

    actions.calendar_day_save(actor=admin(), day=date(2027, 3, 2), is_working_day=False, name="临时放假")

    after = world.deadlines()
    assert after["case_b"] == decided["case_b"] == beijing(2027, 3, 2, 17)
    assert after["task_b"] == decided["task_b"] == beijing(2027, 3, 4, 17)
    assert not AuditEvent.objects.filter(subject_id=str(world.case_b.pk), action="deadline_recompute").exists()
    assert "applicant2" not in moved_notices()


def test_a_change_no_deadline_reaches_changes_nothing_and_tells_nobody(world):
    before = world.deadlines()
    change = actions.calendar_day_save(actor=admin(), day=date(2027, 8, 2), is_working_day=False, name="临时放假")
    assert world.deadlines() == before
    assert change.recomputed == {"cases": 0, "demands": 0, "projects": 0, "ratings": 0}
    assert recompute_events() == []
    assert not Notification.objects.filter(kind=Kind.DEADLINE_MOVED).exists()
    # The calendar's own change is audited all the same, on the year's chain.
    edit = AuditEvent.objects.get(subject_type="calendar", subject_id="2027")
    assert edit.action == "day_save" and edit.data["after"]["date"] == "2027-08-02"


def test_saving_a_day_as_it_is_writes_nothing(world):
    actions.calendar_day_save(actor=admin(), day=date(2027, 3, 9), is_working_day=False, name="临时放假")
    events = AuditEvent.objects.count()
    change = actions.calendar_day_save(actor=admin(), day=date(2027, 3, 9), is_working_day=False, name="临时放假")
    assert change.years == frozenset() and change.recomputed == {}
    assert AuditEvent.objects.count() == events


def test_entering_the_notice_moves_each_deadline_once_and_ends_provisional(world):
    """A made-up notice for the March of 2027: two days off and a make-up working Saturday."""
    notice = [
        Day(date(2027, 3, 2), False, "临时放假"),
        Day(date(2027, 3, 3), False, "临时放假"),
        Day(date(2027, 3, 6), True, "临时调休"),
    ]
    actions.calendar_year_enter(actor=admin(), year=2027, days=notice, note="国办发明电〔2026〕X号")

    after = world.deadlines()
    # The 2nd and 3rd are off, so case B's one working day is Thursday the 4th.
    assert after["case_b"] == beijing(2027, 3, 4, 17)
    assert after["task_b"] == beijing(2027, 3, 6, 17)  # 4th, 5th, then the working Saturday
    assert after["rectification"] == beijing(2027, 3, 9, 17)  # 4, 5, 6, 8, 9
    for key in ("task_b", "case_b"):
        model, pk = (Task, world.task_b.pk) if key == "task_b" else (Case, world.case_b.pk)
        assert model.objects.get(pk=pk).deadline_provisional is False
    assert len(moved_notices()["applicant2"]) == 1
    assert len(moved_notices()["amr"]) == 2  # task A and task B, once each
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕X号"


def test_publishing_a_year_ends_provisional_without_moving_or_telling(world):
    before = world.deadlines()
    assert Task.objects.get(pk=world.task_a.pk).deadline_provisional is True

    actions.calendar_year_save(actor=admin(), year=2027, note="国办发明电〔2026〕X号")

    assert world.deadlines() == before
    assert Task.objects.get(pk=world.task_a.pk).deadline_provisional is False
    assert ElementRequest.objects.get(pk=world.land.pk).deadline_provisional is False
    assert Rectification.objects.get(pk=world.rectification.pk).deadline_provisional is False
    assert not Notification.objects.filter(kind=Kind.DEADLINE_MOVED).exists()
    flagged = recompute_events()
    assert flagged and all(e.data["old"] == e.data["new"] and e.data["provisional"] is False for e in flagged)


def test_removing_a_day_off_moves_the_deadlines_back(world):
    actions.calendar_day_save(actor=admin(), day=date(2027, 3, 9), is_working_day=False, name="临时放假")
    actions.calendar_days_delete(actor=admin(), days=[date(2027, 3, 9)])
    assert world.deadlines()["task_a"] == beijing(2027, 3, 22, 17)
    assert len(moved_notices()["amr"]) == 2  # moved, then moved back: told both times
    assert not CalendarDay.objects.filter(date=date(2027, 3, 9)).exists()


def test_only_system_administrators_edit_the_calendar(world):
    from gaoxin.core.errors import Forbidden

    with pytest.raises(Forbidden):
        actions.calendar_day_save(actor=user("window"), day=date(2027, 3, 9), is_working_day=False)
    assert not CalendarDay.objects.exists()


def test_a_failing_recompute_rolls_the_calendar_edit_back(world, monkeypatch):
    def fails(**_kwargs):
        raise RuntimeError("a recomputer broke")

    monkeypatch.setitem(recompute._recomputers, "zz-broken", fails)
    with pytest.raises(RuntimeError):
        actions.calendar_day_save(actor=admin(), day=date(2027, 3, 9), is_working_day=False, name="临时放假")
    assert not CalendarDay.objects.exists()
    assert world.deadlines()["task_a"] == beijing(2027, 3, 22, 17)
    assert not AuditEvent.objects.filter(subject_type="calendar").exists()
    assert current_calendar().is_working_day(date(2027, 3, 9))  # nothing of the rolled-back edit is cached


class TestCommand:
    def test_recomputes_what_the_calendar_now_says(self, world):
        # Days that reached the calendar without an action (a chinese-calendar upgrade, a restored backup).
        CalendarDay.objects.create(date=date(2027, 3, 9), is_working_day=False, name="临时放假")
        out = StringIO()
        call_command("calendar_recompute", stdout=out)
        assert world.deadlines()["task_a"] == beijing(2027, 3, 23, 17)
        assert "cases：重新计算后变更的时限 1 项" in out.getvalue()
        event = AuditEvent.objects.get(subject_id=str(world.case_a.pk), action="deadline_recompute")
        assert event.actor_id is None
        assert moved_notices()["amr"] == [f"/desk/tasks/{world.task_a.pk}/"]

    def test_a_year_no_deadline_reaches_is_left_alone(self, world):
        CalendarDay.objects.create(date=date(2027, 3, 9), is_working_day=False, name="临时放假")
        call_command("calendar_recompute", "--year", "2028", stdout=StringIO())
        assert world.deadlines()["task_a"] == beijing(2027, 3, 22, 17)
        call_command("calendar_recompute", "--year", "2027", stdout=StringIO())
        assert world.deadlines()["task_a"] == beijing(2027, 3, 23, 17)

    def test_running_it_again_changes_nothing(self, world):
        call_command("calendar_recompute", stdout=StringIO())
        assert recompute_events() == []


class TestAdmin:
    def test_adding_a_day_in_the_admin_recomputes(self, world, client):
        client.force_login(admin())
        response = client.post(
            "/admin/workdays/calendarday/add/", {"date": "2027-03-09", "name": "临时放假", "is_working_day": ""}
        )
        assert response.status_code == 302
        assert world.deadlines()["task_a"] == beijing(2027, 3, 23, 17)
        assert AuditEvent.objects.filter(subject_type="calendar", action="day_save").count() == 1

    def test_entering_the_year_in_the_admin(self, world, client):
        client.force_login(admin())
        response = client.post(
            "/admin/workdays/calendaryear/add/",
            {"year": "2027", "note": "国办发明电", "days": "2027-03-09 休 临时放假\n2027-03-13 work 临时调休\n"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert world.deadlines()["task_a"] == beijing(2027, 3, 22, 17)  # one day off, one Saturday worked
        assert world.deadlines()["land"] == beijing(2027, 3, 15, 17)
        assert Task.objects.get(pk=world.task_a.pk).deadline_provisional is False
        assert CalendarDay.objects.get(date=date(2027, 3, 13)).is_working_day is True
        page = client.get(f"/admin/workdays/calendaryear/{CalendarYear.objects.get(year=2027).pk}/change/")
        assert "2027-03-13 班 临时调休" in page.content.decode()

    def test_a_malformed_line_is_shown_on_the_form(self, world, client):
        client.force_login(admin())
        response = client.post(
            "/admin/workdays/calendaryear/add/", {"year": "2027", "note": "", "days": "2027-03-09 休\n明天 放假\n"}
        )
        assert response.status_code == 200
        assert "第 2 行格式不对" in response.content.decode()
        assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


class TestApi:
    def test_an_administrator_enters_the_year(self, world, api):
        admin_api = api("admin")
        body = {"note": "国办发明电", "days": [{"date": "2027-03-09", "is_working_day": False, "name": "临时放假"}]}
        response = admin_api.client.put(
            "/api/calendar/years/2027", body, content_type="application/json", headers=admin_api.headers
        )
        assert response.status_code == 200, response.content
        answer = response.json()
        assert answer["provisional"] is False
        # Two deadlines moved; publishing the year also ended every open 2027 deadline's provisional mark.
        assert answer["recomputed"] == {"cases": 4, "demands": 0, "projects": 2, "ratings": 1}
        assert sorted(moved_notices()) == ["amr", "nrp"]
        assert {"date": "2027-03-09", "is_working_day": False, "name": "临时放假"} in answer["days"]
        assert world.deadlines()["task_a"] == beijing(2027, 3, 23, 17)

    def test_a_clerk_may_not(self, world, api):
        window = api("window")
        response = window.client.put(
            "/api/calendar/years/2027", {}, content_type="application/json", headers=window.headers
        )
        assert response.status_code == 403
        assert not CalendarYear.objects.exists()

    def test_a_day_of_another_year_is_a_400(self, world, api):
        admin_api = api("admin")
        body = {"days": [{"date": "2028-01-03", "is_working_day": False, "name": ""}]}
        response = admin_api.client.put(
            "/api/calendar/years/2027", body, content_type="application/json", headers=admin_api.headers
        )
        assert response.status_code == 400
        assert response.json()["field"] == "days"


def test_workdays_imports_none_of_the_apps_above_it():
    import ast
    from pathlib import Path

    import gaoxin.workdays

    above = ("gaoxin.cases", "gaoxin.ratings", "gaoxin.projects", "gaoxin.notifications")
    for path in Path(gaoxin.workdays.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(above), f"{path} imports {node.module}"


def test_the_clock_pauses_of_a_case_count_as_they_did(world):
    """Task A returned on Tuesday at 10:00 and answered on Thursday at 10:00: 14 office hours (two office days) are
    paused, so its deadline is two working days later. A recompute must keep that, not undo it."""
    with clock_at(beijing(2027, 3, 2, 10)):
        case_actions.task_return(task=world.task_a, approver=user("amr"), reason="请补充股东会决议")
    with clock_at(beijing(2027, 3, 4, 10)):
        case_actions.case_submit(case=world.case_a, actor=user("applicant"))
    assert world.deadlines()["task_a"] == beijing(2027, 3, 24, 17)

    actions.calendar_day_save(actor=admin(), day=date(2027, 8, 2), is_working_day=False, name="临时放假")
    assert world.deadlines()["task_a"] == beijing(2027, 3, 24, 17)

    actions.calendar_day_save(actor=admin(), day=date(2027, 3, 9), is_working_day=False, name="临时放假")
    assert world.deadlines()["task_a"] == beijing(2027, 3, 25, 17)


def test_deleting_a_day_in_the_admin_recomputes(world, client):
    actions.calendar_day_save(actor=admin(), day=date(2027, 3, 9), is_working_day=False, name="临时放假")
    client.force_login(admin())
    day = CalendarDay.objects.get(date=date(2027, 3, 9))
    response = client.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert world.deadlines()["task_a"] == beijing(2027, 3, 22, 17)
    assert AuditEvent.objects.filter(subject_type="calendar", action="day_delete").count() == 1
