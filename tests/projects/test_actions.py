"""The rules of key projects, through the actions: checks, warnings, reports and their closing, requests and their
escalation, and who may do what."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gaoxin.core.errors import Conflict, DomainError, Forbidden
from gaoxin.core.models import AuditEvent
from gaoxin.projects import actions, periods, selectors
from gaoxin.projects.demo import working_day
from gaoxin.projects.models import ElementRequest, Project, RequestStatus
from tests.projects.helpers import make_project, project_values, user
from tests.support.files import pdf

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png(name="现场.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def local(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# --- register and responsibility ------------------------------------------------------------------


def test_register_checks_every_field_and_names_it():
    with pytest.raises(DomainError) as error:
        make_project(stage="construction", actual_start=None)
    assert error.value.field == "actual_start"
    problems = actions.project_problems(
        project_values(code="坏 编号", level="county", total_investment=Decimal("-1"), intake_year=2021),
        today=date(2026, 1, 1),
    )
    assert {p.field for p in problems} >= {"code", "level", "total_investment", "intake_quarter"}


def test_an_officer_registers_but_responsibility_is_set_by_leaders():
    with pytest.raises(Forbidden) as error:
        make_project(actor=user("officer"))
    assert error.value.field == "responsible_leader"


def test_register_refuses_a_duplicate_code_and_writes_an_audit_event():
    project = make_project(
        actor=user("officer"), responsible_leader=None, responsible_unit=None, responsible_person_name=""
    )
    assert AuditEvent.objects.filter(subject_type="project", subject_id=str(project.pk), action="register").exists()
    with pytest.raises(Conflict):
        make_project(code=project.code)


def test_a_project_without_leader_unit_and_person_is_flagged():
    project = make_project(responsible_leader=None, responsible_unit=None, responsible_person_name="")
    assert project.responsibility_missing == ["责任领导", "责任单位", "责任人"]
    flagged = selectors.project_list(user("window"), light="flagged")
    assert project in flagged


def test_the_responsible_leader_must_be_deputy_county_or_above():
    with pytest.raises(DomainError) as error:
        make_project(responsible_leader=user("window"))
    assert error.value.field == "responsible_leader"


def test_only_leaders_assign_responsibility():
    project = make_project()
    with pytest.raises(Forbidden):
        actions.project_update(project=project, actor=user("officer"), changes={"responsible_leader": user("leader")})
    actions.project_update(project=project, actor=user("leader"), changes={"responsible_leader": user("leader")})
    project.refresh_from_db()
    assert project.responsible_leader.username == "leader"
    assert AuditEvent.objects.filter(subject_id=str(project.pk), action="responsibility").exists()


def test_the_officer_edits_basics_and_the_stage_must_agree_with_the_dates():
    project = make_project(stage="signed", actual_start=None)
    officer = user("officer")
    with pytest.raises(DomainError) as error:
        actions.project_update(project=project, actor=officer, changes={"stage": "construction"})
    assert error.value.field == "actual_start"
    actions.project_update(
        project=project, actor=officer, changes={"stage": "construction", "actual_start": date(2021, 4, 2)}
    )
    project.refresh_from_db()
    assert project.stage == "construction"
    with pytest.raises(DomainError):
        actions.project_update(project=project, actor=officer, changes={"code": "OTHER-1"})


@pytest.mark.parametrize("username", ["applicant", "window", "amr", "officer-li"])
def test_others_may_not_change_a_project(username):
    project = make_project()
    with pytest.raises(Forbidden):
        actions.project_update(project=project, actor=user(username), changes={"location": "别处"})


def test_the_responsible_person_with_an_account_may_change_it():
    project = make_project(responsible_person=user("officer-wang"), officer=None, responsible_person_name="")
    assert project.responsible_person_name == "王磊"
    actions.project_update(project=project, actor=user("officer-wang"), changes={"location": "新址"})


# --- milestones: red and yellow -------------------------------------------------------------------


def test_milestones_turn_red_when_late_and_yellow_within_ten_working_days():
    now = timezone.now()
    today = timezone.localdate()
    soon = periods.soon_limit(now)
    assert soon == working_day(10, today)
    red_project = make_project()
    yellow_project = make_project()
    green_project = make_project()
    leader = user("leader")
    late = actions.milestone_add(project=red_project, actor=leader, name="主体封顶", planned_date=today - timedelta(1))
    actions.milestone_add(project=yellow_project, actor=leader, name="设备进场", planned_date=soon)
    actions.milestone_add(project=green_project, actor=leader, name="竣工", planned_date=soon + timedelta(days=1))
    lights = selectors.milestone_lights(now)
    assert lights.of(red_project.pk) == "overdue"
    assert lights.of(yellow_project.pk) == "warning"
    assert lights.of(green_project.pk) == "ok"
    board = selectors.warning_board(user("window"), now=now)
    rows = {r["milestone"].name: r for r in board["rows"] if r["project"].pk in (red_project.pk, yellow_project.pk)}
    assert (rows["主体封顶"]["state"], rows["设备进场"]["state"]) == ("overdue", "warning")
    by_leader = {g["key"]: g for g in board["by_leader"]}
    assert any(r["milestone"].name == "主体封顶" for r in by_leader[red_project.responsible_leader_id]["rows"])
    by_unit = {g["key"]: g for g in board["by_unit"]}
    assert red_project.responsible_unit_id in by_unit
    # Meeting it clears the red.
    actions.milestone_record(milestone=late, actor=user("officer"), actual_date=today)
    assert selectors.milestone_lights(now).of(red_project.pk) == "ok"


def test_a_milestone_cannot_be_met_in_the_future():
    project = make_project()
    milestone = actions.milestone_add(project=project, actor=None, name="节点", planned_date=date(2030, 1, 1))
    with pytest.raises(DomainError) as error:
        actions.milestone_record(milestone=milestone, actor=None, actual_date=timezone.localdate() + timedelta(days=1))
    assert error.value.field == "actual_date"


# --- monthly reports ------------------------------------------------------------------------------


def test_report_due_is_the_fifth_working_day_of_the_next_month():
    # October 2021: the National Day holiday ends on 7 October, so the 5th working day of November is 5 November.
    due = periods.report_due(2021, 10)
    assert timezone.localtime(due.at).date() == date(2021, 11, 5)
    # September 2021: 1–7 October are holidays, 9 October (Saturday) is a make-up working day.
    assert timezone.localtime(periods.report_due(2021, 9).at).date() == date(2021, 10, 13)


def test_a_report_may_be_corrected_until_its_month_closes_then_it_is_locked():
    project = make_project()
    officer = user("officer")
    filed = actions.report_submit(
        project=project,
        actor=officer,
        year=2021,
        month=10,
        invested="50.5",
        progress="主体施工",
        now=local(date(2021, 11, 2)),
    )
    assert filed.created
    corrected = actions.report_submit(
        project=project,
        actor=officer,
        year=2021,
        month=10,
        invested=Decimal("52.0"),
        progress="主体施工（更正）",
        now=local(date(2021, 11, 5), 16),
    )
    assert not corrected.created and corrected.invested == Decimal("52.00")
    with pytest.raises(Conflict) as error:
        actions.report_submit(
            project=project,
            actor=officer,
            year=2021,
            month=10,
            invested="60",
            progress="迟报",
            now=local(date(2021, 11, 5), 18),
        )
    assert error.value.field == "month" and "关账" in error.value.message
    project.reports.get(year=2021, month=10).refresh_from_db()
    assert project.reports.get(year=2021, month=10).invested == Decimal("52.00")


def test_a_report_for_a_month_not_begun_is_refused():
    project = make_project()
    with pytest.raises(DomainError) as error:
        actions.report_submit(
            project=project, actor=None, year=2021, month=12, invested="1", progress="x", now=local(date(2021, 11, 20))
        )
    assert error.value.field == "month" and error.value.status == 400


def test_report_amounts_and_photos_are_checked():
    project = make_project()
    now = local(date(2021, 11, 2))
    for bad in ("-1", "1.234", "abc"):
        with pytest.raises(DomainError) as error:
            actions.report_submit(project=project, actor=None, year=2021, month=10, invested=bad, progress="x", now=now)
        assert error.value.field == "invested"
    with pytest.raises(DomainError) as error:
        actions.report_submit(
            project=project, actor=None, year=2021, month=10, invested="1", progress="x", photos=[pdf()], now=now
        )
    assert error.value.field == "photos"
    assert not project.reports.exists()
    report = actions.report_submit(
        project=project, actor=None, year=2021, month=10, invested="1", progress="x", photos=[png()], now=now
    )
    assert report.photos.count() == 1 and report.photos.get().content_type == "image/png"


def test_only_the_projects_people_may_file_a_report():
    project = make_project()
    with pytest.raises(Forbidden):
        actions.report_submit(
            project=project,
            actor=user("officer-li"),
            year=2021,
            month=10,
            invested="1",
            progress="x",
            now=local(date(2021, 11, 2)),
        )


def test_year_progress_through_a_month_from_the_reports():
    project = make_project()
    actions.project_set_year_plan(project=project, actor=None, year=2021, planned_investment="647.4")
    amounts = ["60", "60", "60", "60", "60", "60", "60", "60", "60", "89"]
    for month, invested in enumerate(amounts, start=1):
        actions.report_submit(
            project=project,
            actor=None,
            year=2021,
            month=month,
            invested=invested,
            progress="施工",
            now=local(date(2021, month, 20)),
        )
    progress = selectors.investment(project, year=2021, through_month=10)
    assert (progress["completed"], progress["completion_rate"], progress["difference"]) == (
        Decimal("629.00"),
        Decimal("97.2"),
        Decimal("13.8"),
    )
    assert selectors.investment(project, year=2021, today=date(2021, 11, 15))["through_month"] == 10


# --- element-guarantee requests -------------------------------------------------------------------


def test_a_request_is_routed_with_a_deadline_in_working_days():
    project = make_project()
    raised_at = local(date(2021, 9, 29))
    request = actions.request_raise(
        project=project, actor=user("officer"), kind="land", description="用地报批", now=raised_at
    )
    assert request.department.code == "nrp" and request.working_days == 10
    # 10 working days after 29 September 2021, across the National Day holiday (1–7 October, 9 October worked).
    assert timezone.localtime(request.deadline) == local(date(2021, 10, 19), 17)
    with pytest.raises(DomainError) as error:
        actions.request_raise(project=project, actor=None, kind="rocket", description="x")
    assert error.value.field == "kind"
    with pytest.raises(DomainError) as error:
        actions.request_raise(project=project, actor=None, kind="power", description="x", working_days=0)
    assert error.value.field == "working_days"


def test_request_moves_open_in_progress_resolved_by_the_routed_department_only():
    project = make_project()
    request = actions.request_raise(project=project, actor=user("officer"), kind="labour", description="招工")
    assert request.department.code == "hrss"
    with pytest.raises(Forbidden):
        actions.request_progress(request=request, actor=user("amr"), note="不是我们部门")
    with pytest.raises(Forbidden):
        actions.request_resolve(request=request, actor=user("officer"), resolution="自己解决")
    actions.request_progress(request=request, actor=user("hrss"), note="已发布招聘信息")
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    actions.request_resolve(request=request, actor=user("hrss"), resolution="已招满 120 人")
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED and request.resolved_by.username == "hrss"
    with pytest.raises(Conflict):
        actions.request_progress(request=request, actor=user("hrss"), note="再登记")
    events = selectors.events_of("element_request", request.pk)
    assert [e["action"] for e in events] == ["resolve", "progress", "request_raise"]


def test_an_overdue_request_escalates_to_the_responsible_leader_once():
    project = make_project(responsible_leader=user("leader"))
    raised_at = local(date(2021, 6, 1))
    request = actions.request_raise(
        project=project, actor=None, kind="power", description="送电", working_days=5, now=raised_at
    )
    assert actions.requests_escalate(now=local(date(2021, 6, 8), 16)) == 0  # due at close of business on 8 June
    assert actions.requests_escalate(now=local(date(2021, 6, 8), 18)) >= 1
    request.refresh_from_db()
    assert request.escalated_at is not None and request.escalated_to.username == "leader"
    assert actions.requests_escalate(now=local(date(2021, 6, 9))) == 0
    board = selectors.warning_board(user("leader"), now=local(date(2021, 6, 9)))
    assert request.pk in [r["id"] for r in board["requests"] if r["escalated"]]
    portfolio = selectors.portfolio(user("leader"), "leader", now=local(date(2021, 6, 9)))
    assert request.pk in [r["id"] for r in portfolio["requests"]]


def test_the_leader_hears_of_the_escalation(django_capture_on_commit_callbacks):
    from gaoxin.notifications.models import Kind, Notification

    project = make_project(responsible_leader=user("leader"), name="送电项目")
    request = actions.request_raise(
        project=project, actor=None, kind="power", description="送电", working_days=5, now=local(date(2021, 6, 1))
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.requests_escalate(now=local(date(2021, 6, 9)))
    told = Notification.objects.get(kind=Kind.REQUEST_ESCALATED, subject_key=str(request.pk))
    assert told.recipient.username == "leader" and "送电项目" in told.title and "送电" in told.body
    assert told.link == f"/projects/requests/{request.pk}/"


def test_a_resolved_request_does_not_escalate():
    project = make_project()
    request = actions.request_raise(
        project=project, actor=None, kind="labour", description="招工", working_days=1, now=local(date(2021, 6, 1))
    )
    actions.request_resolve(request=request, actor=user("hrss"), resolution="已解决", now=local(date(2021, 6, 1), 15))
    actions.requests_escalate(now=local(date(2021, 7, 1)))
    request.refresh_from_db()
    assert request.escalated_at is None


def test_projects_tick_command_escalates(capsys):
    from django.core.management import call_command

    project = make_project()
    actions.request_raise(
        project=project, actor=None, kind="gas", description="接气", working_days=1, now=local(date(2021, 6, 1))
    )
    call_command("projects_tick")
    assert "提级" in capsys.readouterr().out
    assert ElementRequest.objects.filter(project=project, escalated_at__isnull=False).exists()


# --- statistics -----------------------------------------------------------------------------------


def test_commencement_counts_new_starts_planned_in_the_year_by_actual_start():
    base = Project.objects.filter(level="province", build_kind="new", planned_start__year=2030)
    assert not base.exists()
    make_project(
        level="province", stage="signed", actual_start=None, planned_start=date(2030, 3, 1), planned_completion=None
    )
    make_project(level="province", build_kind="continuing", planned_start=date(2030, 3, 1), planned_completion=None)
    figures = selectors.commencement(year=2030, levels=["province"], as_of=date(2030, 12, 31))
    assert (figures["new_starts_planned"], figures["new_starts_started"], figures["commencement_rate"]) == (
        1,
        0,
        Decimal("0.0"),
    )
    assert selectors.commencement(year=2031, levels=["province"], as_of=date(2031, 12, 31))["commencement_rate"] is None
