"""Every write to key projects. Each action is one transaction that locks what it changes, checks, changes and audits.

Project events go on the project's audit chain ("project", id); an element request has a chain of its own
("element_request", id) and its raising is noted on the project's chain too.
"""

import re
import uuid
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Department, Role, User
from gaoxin.core import personal
from gaoxin.core.audit import AuditBatch
from gaoxin.core.errors import Conflict, DomainError, Forbidden, NotFound
from gaoxin.core.uploads import check_upload
from gaoxin.economy.models import Park
from gaoxin.notifications.actions import Message, deadline_moved_message, notify, when
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import approvers_by_department
from gaoxin.projects import periods, rules
from gaoxin.projects.models import (
    STAGE_ORDER,
    BuildKind,
    Category,
    ElementRequest,
    Level,
    Milestone,
    MilestoneKind,
    MonthlyReport,
    Project,
    ReportPhoto,
    RequestKind,
    RequestStatus,
    Stage,
    YearPlan,
)
from gaoxin.workdays.deadlines import Deadline, add_working_days
from gaoxin.workdays.recompute import save_changed_deadlines, span

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")
PHONE_PATTERN = re.compile(r"^[0-9+\-\s()]{5,20}$")
MAX_AMOUNT = Decimal("1000000000000")  # 10^12 万元: beyond any project; guards against a unit mistake
PROGRESS_MAX = 2000
NOTE_MAX = 2000
PHOTOS_MAX = 9
REQUEST_DAYS_MAX = 60

BASIC_FIELDS = [
    "code",
    "name",
    "level",
    "category",
    "owner",
    "park",
    "location",
    "description",
    "total_investment",
    "build_kind",
    "stage",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "intake_year",
    "intake_quarter",
]
RESPONSIBILITY_FIELDS = [
    "responsible_leader",
    "responsible_unit",
    "responsible_person_name",
    "responsible_person_phone",
    "responsible_person",
    "officer",
]
PROJECT_FIELDS = BASIC_FIELDS + RESPONSIBILITY_FIELDS
TEXT_LIMITS = {"name": 200, "owner": 200, "location": 200, "description": 4000, "responsible_person_name": 50}


# --- checking a project's values ------------------------------------------------------------------


def amount(value, *, field: str) -> Decimal:
    """A non-negative amount in 万元 with at most two decimals, from a Decimal, int or string."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise DomainError(_("金额应为数字（万元）"), field=field) from None
    if not number.is_finite():
        raise DomainError(_("金额应为数字（万元）"), field=field)
    if number < 0:
        raise DomainError(_("金额不能为负数"), field=field)
    if number >= MAX_AMOUNT:
        raise DomainError(_("金额过大，请确认单位为万元"), field=field)
    if number != number.quantize(Decimal("0.01")):
        raise DomainError(_("金额最多保留两位小数（万元）"), field=field)
    return number.quantize(Decimal("0.01"))


def project_problems(values: dict, *, today: date) -> list[DomainError]:
    """Every problem of a project's values (model field names, Python values), each naming its field."""
    problems: list[DomainError] = []

    def problem(message, field):
        problems.append(DomainError(message, field=field))

    code = values.get("code") or ""
    if not CODE_PATTERN.match(code):
        problem(_("项目编号应为 1–40 位字母、数字、短横线或下划线"), "code")
    for field, required in (("name", True), ("owner", True), ("location", False), ("description", False)):
        text = values.get(field) or ""
        if required and not text.strip():
            problem(_("请填写%(label)s") % {"label": Project._meta.get_field(field).verbose_name}, field)
        elif len(text) > TEXT_LIMITS[field]:
            problem(_("内容过长：最多 %(n)s 个字") % {"n": TEXT_LIMITS[field]}, field)
    for field, choices in (
        ("level", Level),
        ("category", Category),
        ("build_kind", BuildKind),
        ("stage", Stage),
    ):
        if values.get(field) not in choices.values:
            problem(
                _("%(label)s应为：%(choices)s")
                % {
                    "label": Project._meta.get_field(field).verbose_name,
                    "choices": "、".join(map(str, choices.labels)),
                },
                field,
            )
    investment = values.get("total_investment")
    if investment is None:
        problem(_("请填写总投资（万元）"), "total_investment")
    else:
        try:
            amount(investment, field="total_investment")
        except DomainError as error:
            problems.append(error)
    problems.extend(_date_problems(values, today))
    problems.extend(_intake_problems(values))
    problems.extend(_responsibility_problems(values))
    return problems


def _date_problems(values: dict, today: date) -> list[DomainError]:
    problems = []
    planned_start, planned_completion = values.get("planned_start"), values.get("planned_completion")
    actual_start, actual_completion = values.get("actual_start"), values.get("actual_completion")
    stage = values.get("stage")
    if planned_start and planned_completion and planned_completion < planned_start:
        problems.append(DomainError(_("计划竣工日期不能早于计划开工日期"), field="planned_completion"))
    for field, value in (("actual_start", actual_start), ("actual_completion", actual_completion)):
        if value and value > today:
            problems.append(DomainError(_("实际日期不能晚于今天"), field=field))
    if actual_completion and not actual_start:
        problems.append(DomainError(_("已竣工的项目须有实际开工日期"), field="actual_start"))
    if actual_start and actual_completion and actual_completion < actual_start:
        problems.append(DomainError(_("实际竣工日期不能早于实际开工日期"), field="actual_completion"))
    if stage in STAGE_ORDER:
        started = STAGE_ORDER[stage] >= STAGE_ORDER[Stage.STARTED]
        completed = STAGE_ORDER[stage] >= STAGE_ORDER[Stage.COMPLETED]
        if started and not actual_start:
            problems.append(DomainError(_("已开工的项目须填写实际开工日期"), field="actual_start"))
        if actual_start and not started:
            problems.append(DomainError(_("有实际开工日期的项目，阶段应为开工或之后"), field="stage"))
        if completed and not actual_completion:
            problems.append(DomainError(_("已竣工的项目须填写实际竣工日期"), field="actual_completion"))
        if actual_completion and not completed:
            problems.append(DomainError(_("有实际竣工日期的项目，阶段应为竣工或投产"), field="stage"))
    return problems


def _intake_problems(values: dict) -> list[DomainError]:
    year, quarter = values.get("intake_year"), values.get("intake_quarter")
    if (year is None) != (quarter is None):
        return [DomainError(_("入库年份和季度应同时填写或同时留空"), field="intake_quarter")]
    problems = []
    if year is not None and not 2000 <= year <= 2100:
        problems.append(DomainError(_("入库年份应在 2000–2100 之间"), field="intake_year"))
    if quarter is not None and quarter not in (1, 2, 3, 4):
        problems.append(DomainError(_("入库季度应为 1–4"), field="intake_quarter"))
    return problems


def _responsibility_problems(values: dict) -> list[DomainError]:
    problems = []
    leader = values.get("responsible_leader")
    if leader is not None and not rules.may_be_responsible_leader(leader):
        problems.append(DomainError(_("责任领导须为副县级以上领导（领导账号并登记级别）"), field="responsible_leader"))
    officer = values.get("officer")
    if officer is not None and officer.role != Role.OFFICER:
        problems.append(DomainError(_("项目专员须为项目专员账号"), field="officer"))
    phone = values.get("responsible_person_phone") or ""
    if phone and not PHONE_PATTERN.match(phone):
        problems.append(DomainError(_("责任人电话格式不正确"), field="responsible_person_phone"))
    name = values.get("responsible_person_name") or ""
    if len(name) > TEXT_LIMITS["responsible_person_name"]:
        problems.append(DomainError(_("内容过长：最多 %(n)s 个字") % {"n": 50}, field="responsible_person_name"))
    return problems


def _raise_first(problems: Sequence[DomainError]) -> None:
    if problems:
        raise problems[0]


def _today() -> date:
    return timezone.localdate()


def _jsonable(value):
    if isinstance(value, Decimal | date | uuid.UUID):
        return str(value)
    if isinstance(value, User | Department | Park):
        return getattr(value, "username", None) or getattr(value, "code", None) or str(value.pk)
    return value


def _values_of(project: Project) -> dict:
    return {field: getattr(project, field) for field in PROJECT_FIELDS}


def _clean_texts(values: dict) -> dict:
    cleaned = dict(values)
    for field in ("code", "name", "owner", "location", "description", "responsible_person_name"):
        if field in cleaned and cleaned[field] is not None:
            cleaned[field] = str(cleaned[field]).strip()
    if cleaned.get("responsible_person_phone") is not None:
        cleaned["responsible_person_phone"] = str(cleaned["responsible_person_phone"]).strip()
    if cleaned.get("total_investment") is not None:
        try:
            cleaned["total_investment"] = amount(cleaned["total_investment"], field="total_investment")
        except DomainError:
            pass  # reported by project_problems
    person = cleaned.get("responsible_person")
    if person is not None:
        cleaned.setdefault("responsible_person_name", "")
        cleaned["responsible_person_name"] = cleaned["responsible_person_name"] or person.name
        cleaned["responsible_person_phone"] = cleaned.get("responsible_person_phone") or person.phone
    return cleaned


# --- projects -------------------------------------------------------------------------------------


@contextmanager
def _changing(project: Project):
    """Lock the project for this transaction and collect the change's audit events, written once at the end."""
    with transaction.atomic():
        try:
            locked = Project.objects.select_for_update().get(pk=project.pk)
        except Project.DoesNotExist:
            raise NotFound(_("未找到该项目")) from None
        audit = AuditBatch("project", locked.pk)
        yield locked, audit
        audit.write()


def may_assign(user: User | None) -> bool:
    """Responsibility (联合分包) is assigned by leaders; None is the command line."""
    return user is None or user.role in (Role.LEADER, Role.ADMIN)


def project_register(*, actor: User | None, values: dict, today: date | None = None) -> Project:
    """A new project in the register. actor None is the command line (import, demo). An officer may not set the
    responsibility (leader, unit, person): leaders assign it; until then the project is flagged."""
    if actor is not None and not rules.may_register(actor):
        raise Forbidden(_("只有项目专员、领导可以登记项目"))
    values = _clean_texts({field: values.get(field) for field in PROJECT_FIELDS})
    if actor is not None and actor.role == Role.OFFICER and values.get("officer") is None:
        values["officer"] = actor  # the officer who registers a project keeps it
    if actor is not None and not may_assign(actor) and any(values.get(f) for f in RESPONSIBILITY_FIELDS[:3]):
        raise Forbidden(_("分包责任（责任领导、单位、责任人）由领导确定"), field="responsible_leader")
    _raise_first(project_problems(values, today=today or _today()))
    with transaction.atomic():
        if Project.objects.filter(code=values["code"]).exists():
            raise Conflict(_("项目编号 %(code)s 已存在") % {"code": values["code"]}, field="code")
        project = Project.objects.create(**{k: ("" if v is None and _is_text(k) else v) for k, v in values.items()})
        audit = AuditBatch("project", project.pk, new_chain=True)
        audit.add(actor=actor, action="register", to_state=project.stage, data={"code": project.code})
        audit.write()
    return project


def _is_text(field: str) -> bool:
    return field in ("location", "description", "responsible_person_name", "responsible_person_phone")


def project_update(*, project: Project, actor: User | None, changes: dict, today: date | None = None) -> Project:
    """Change a project's basics (officer, responsible people, leaders) or its responsibility (leaders only)."""
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise DomainError(_("不能修改的字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    if "code" in changes and changes["code"] != project.code:
        raise DomainError(_("项目编号登记后不能修改"), field="code")
    with _changing(project) as (project, audit):
        if actor is not None and not rules.may_change(actor, project):
            raise Forbidden(_("只有本项目的项目专员、责任人和领导可以修改项目"))
        before = _values_of(project)
        after = _clean_texts({**before, **changes})
        changed = [f for f in PROJECT_FIELDS if _jsonable(after[f]) != _jsonable(before[f])]
        if any(f in RESPONSIBILITY_FIELDS for f in changed) and not may_assign(actor):
            raise Forbidden(_("分包责任（责任领导、单位、责任人、项目专员）由领导调整"), field="responsible_leader")
        _raise_first(project_problems(after, today=today or _today()))
        if not changed:
            return project
        for field in changed:
            value = after[field]
            setattr(project, field, "" if value is None and _is_text(field) else value)
        project.save(update_fields=personal.with_digests(Project, [*changed, "updated_at"]))
        diff = {f: [_jsonable(before[f]), _jsonable(after[f])] for f in changed}
        basics = [f for f in changed if f in BASIC_FIELDS]
        if basics:
            audit.add(
                actor=actor,
                action="edit",
                from_state=before["stage"],
                to_state=project.stage,
                data={f: diff[f] for f in basics},
            )
        if len(basics) < len(changed):
            audit.add(
                actor=actor,
                action="responsibility",
                data={f: diff[f] for f in changed if f in RESPONSIBILITY_FIELDS},
            )
    return project


def project_set_year_plan(*, project: Project, actor: User | None, year: int, planned_investment) -> YearPlan:
    if not 2000 <= year <= 2100:
        raise DomainError(_("年度应在 2000–2100 之间"), field="year")
    planned = amount(planned_investment, field="planned_investment")
    with _changing(project) as (project, audit):
        if actor is not None and not rules.may_change(actor, project):
            raise Forbidden(_("只有本项目的项目专员、责任人和领导可以修改项目"))
        plan, created = YearPlan.objects.get_or_create(
            project=project, year=year, defaults={"planned_investment": planned}
        )
        before = None if created else plan.planned_investment
        if not created and plan.planned_investment != planned:
            plan.planned_investment = planned
            plan.save(update_fields=["planned_investment"])
        if created or before != planned:
            audit.add(
                actor=actor,
                action="year_plan",
                data={"year": year, "from": _jsonable(before), "to": str(planned)},
            )
    return plan


# --- milestones -----------------------------------------------------------------------------------


def milestone_add(
    *,
    project: Project,
    actor: User | None,
    name: str,
    planned_date: date,
    kind: str = MilestoneKind.GENERAL,
    note: str = "",
) -> Milestone:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写节点名称"), field="name")
    if len(name) > 200:
        raise DomainError(_("内容过长：最多 %(n)s 个字") % {"n": 200}, field="name")
    if kind not in MilestoneKind.values:
        raise DomainError(_("节点类型不正确"), field="kind")
    if not isinstance(planned_date, date):
        raise DomainError(_("请填写计划完成日期"), field="planned_date")
    with _changing(project) as (project, audit):
        if actor is not None and not rules.may_change(actor, project):
            raise Forbidden(_("只有本项目的项目专员、责任人和领导可以修改项目"))
        if project.milestones.filter(name=name).exists():
            raise Conflict(_("本项目已有名为“%(name)s”的节点") % {"name": name}, field="name")
        milestone = Milestone.objects.create(
            project=project,
            name=name,
            kind=kind,
            planned_date=planned_date,
            note=(note or "").strip()[:300],
            sort_order=project.milestones.count() + 1,
        )
        audit.add(
            actor=actor,
            action="milestone_add",
            data={"milestone": milestone.pk, "name": name, "planned_date": str(planned_date)},
        )
    return milestone


def milestone_record(
    *, milestone: Milestone, actor: User | None, actual_date: date, note: str = "", today: date | None = None
) -> Milestone:
    """Record (or correct) the date a milestone was met; it can no longer turn red."""
    if not isinstance(actual_date, date):
        raise DomainError(_("请填写实际完成日期"), field="actual_date")
    if actual_date > (today or _today()):
        raise DomainError(_("实际完成日期不能晚于今天"), field="actual_date")
    with _changing(milestone.project) as (project, audit):
        if actor is not None and not rules.may_change(actor, project):
            raise Forbidden(_("只有本项目的项目专员、责任人和领导可以修改项目"))
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before = milestone.actual_date
        milestone.actual_date = actual_date
        fields = ["actual_date", "updated_at"]
        if note.strip():
            milestone.note = note.strip()[:300]
            fields.append("note")
        milestone.save(update_fields=fields)
        audit.add(
            actor=actor,
            action="milestone_met",
            data={
                "milestone": milestone.pk,
                "name": milestone.name,
                "planned_date": str(milestone.planned_date),
                "from": _jsonable(before),
                "to": str(actual_date),
            },
        )
    return milestone


# --- monthly reports ------------------------------------------------------------------------------


def _check_month_open(year, month, now: datetime) -> None:
    if not (isinstance(year, int) and 2000 <= year <= 2100):
        raise DomainError(_("年度应在 2000–2100 之间"), field="year")
    if not (isinstance(month, int) and 1 <= month <= 12):
        raise DomainError(_("月份应为 1–12"), field="month")
    if not periods.month_started(year, month, now):
        raise DomainError(_("不能填报尚未开始的月份"), field="month")
    due = periods.report_due(year, month)
    if now > due.at:
        raise Conflict(
            _("%(year)s 年 %(month)s 月已于 %(due)s 关账，月报已锁定，不能再填报或更正")
            % {"year": year, "month": month, "due": timezone.localtime(due.at).strftime("%Y-%m-%d %H:%M")},
            field="month",
        )


def _checked_photos(photos: Iterable, *, already: int = 0) -> list[tuple]:
    photos = [p for p in photos if p]
    if already + len(photos) > PHOTOS_MAX:
        raise DomainError(_("每月最多上传 %(n)s 张照片") % {"n": PHOTOS_MAX}, field="photos")
    checked = []
    for photo in photos:
        item = check_upload(photo, field="photos")
        if not item.content_type.startswith("image/"):
            raise DomainError(_("现场照片只接受 JPG、PNG 图片"), field="photos")
        checked.append((photo, item))
    return checked


def _store_photos(report: MonthlyReport, checked: list[tuple], actor, stored: list) -> None:
    """Save each photo under a fresh name; stored collects the files so that a rollback can remove them."""
    for upload, item in checked:
        photo = ReportPhoto(
            report=report,
            original_name=item.safe_name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=actor,
        )
        photo.file.save(f"{uuid.uuid4().hex}.{item.extension}", upload, save=False)
        stored.append(photo.file)
        photo.save(force_insert=True)


def report_submit(
    *,
    project: Project,
    actor: User | None,
    year: int,
    month: int,
    invested,
    progress: str,
    photos: Iterable = (),
    now: datetime | None = None,
) -> MonthlyReport:
    """File a month's report, or correct it until the month closes (5th working day of the next month)."""
    now = now or timezone.now()
    _check_month_open(year, month, now)
    invested = amount(invested, field="invested")
    progress = (progress or "").strip()
    if not progress:
        raise DomainError(_("请填写形象进度"), field="progress")
    if len(progress) > PROGRESS_MAX:
        raise DomainError(_("内容过长：最多 %(n)s 个字") % {"n": PROGRESS_MAX}, field="progress")
    stored: list = []
    try:
        with _changing(project) as (project, audit):
            if actor is not None and not rules.may_change(actor, project):
                raise Forbidden(_("只有本项目的项目专员、责任人和领导可以填报月报"))
            report = MonthlyReport.objects.filter(project=project, year=year, month=month).first()
            created = report is None
            checked = _checked_photos(photos, already=0 if created else report.photos.count())
            before = None if created else str(report.invested)
            if created:
                report = MonthlyReport.objects.create(
                    project=project,
                    year=year,
                    month=month,
                    invested=invested,
                    progress=progress,
                    submitted_by=actor,
                    submitted_at=now,
                    updated_at=now,
                )
            else:
                report.invested, report.progress, report.updated_at = invested, progress, now
                report.save(update_fields=["invested", "progress", "updated_at"])
            _store_photos(report, checked, actor, stored)
            audit.add(
                actor=actor,
                action="report" if created else "report_update",
                data={
                    "year": year,
                    "month": month,
                    "invested": str(invested),
                    "before": before,
                    "photos": [item.sha256 for _upload, item in checked],
                },
                at=now,
            )
    except Exception:
        for file in stored:
            file.delete(save=False)
        raise
    report.created = created
    return report


def report_add_photos(
    *, report: MonthlyReport, actor: User | None, photos: Iterable, now: datetime | None = None
) -> MonthlyReport:
    """Add site photos to a month's report while the month is open."""
    now = now or timezone.now()
    _check_month_open(report.year, report.month, now)
    if not [p for p in photos if p]:
        raise DomainError(_("请选择照片"), field="photos")
    stored: list = []
    try:
        with _changing(report.project) as (project, audit):
            if actor is not None and not rules.may_change(actor, project):
                raise Forbidden(_("只有本项目的项目专员、责任人和领导可以填报月报"))
            report = MonthlyReport.objects.get(pk=report.pk)
            checked = _checked_photos(photos, already=report.photos.count())
            _store_photos(report, checked, actor, stored)
            audit.add(
                actor=actor,
                action="report_update",
                data={"year": report.year, "month": report.month, "photos": [i.sha256 for _u, i in checked]},
                at=now,
            )
    except Exception:
        for file in stored:
            file.delete(save=False)
        raise
    return report


# --- element-guarantee requests -------------------------------------------------------------------


@contextmanager
def _changing_request(request: ElementRequest):
    with transaction.atomic():
        try:
            locked = ElementRequest.objects.select_for_update().select_related("project").get(pk=request.pk)
        except ElementRequest.DoesNotExist:
            raise NotFound(_("未找到该要素保障需求")) from None
        audit = AuditBatch("element_request", locked.pk)
        yield locked, audit
        audit.write()


def request_raise(
    *,
    project: Project,
    actor: User | None,
    kind: str,
    description: str,
    department: Department | None = None,
    working_days: int | None = None,
    now: datetime | None = None,
) -> ElementRequest:
    """Raise a request for land, power, water … routed to a department (by default the one for its kind)."""
    now = now or timezone.now()
    if kind not in RequestKind.values:
        raise DomainError(_("请选择要素类型"), field="kind")
    description = (description or "").strip()
    if not description:
        raise DomainError(_("请写明需要解决的问题"), field="description")
    if len(description) > NOTE_MAX:
        raise DomainError(_("内容过长：最多 %(n)s 个字") % {"n": NOTE_MAX}, field="description")
    default_code, default_days = rules.DEFAULT_ROUTING[kind]
    if department is None:
        department = Department.objects.filter(code=default_code).first()
        if department is None:
            raise DomainError(_("请选择承办部门"), field="department")
    days = default_days if working_days is None else working_days
    if not (isinstance(days, int) and 1 <= days <= REQUEST_DAYS_MAX):
        raise DomainError(_("办理时限应为 1–%(n)s 个工作日") % {"n": REQUEST_DAYS_MAX}, field="working_days")
    deadline = request_deadline(now, days)
    with _changing(project) as (project, audit):
        if actor is not None and not rules.may_change(actor, project):
            raise Forbidden(_("只有本项目的项目专员、责任人和领导可以提出要素保障需求"))
        request = ElementRequest.objects.create(
            project=project,
            kind=kind,
            description=description,
            department=department,
            working_days=days,
            raised_by=actor,
            raised_at=now,
            deadline=deadline.at,
            deadline_provisional=deadline.provisional,
        )
        data = {"request": str(request.pk), "kind": kind, "department": department.code, "working_days": days}
        audit.add(actor=actor, action="request_raise", data=data, at=now)
        chain = AuditBatch("element_request", request.pk, new_chain=True)
        chain.add(actor=actor, action="request_raise", to_state=request.status, data=data, at=now)
        chain.write()
    return request


def _request_transition(request: ElementRequest, action: str) -> str:
    allowed = rules.REQUEST_TRANSITIONS[action]
    if request.status not in allowed:
        raise Conflict(
            _("需求当前状态为“%(status)s”，不能%(action)s")
            % {"status": request.get_status_display(), "action": str(rules.REQUEST_ACTION_NAMES[action])},
            field="status",
        )
    return allowed[request.status]


def _note(text: str, *, field: str, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(missing, field=field)
    if len(text) > NOTE_MAX:
        raise DomainError(_("内容过长：最多 %(n)s 个字") % {"n": NOTE_MAX}, field=field)
    return text


def request_progress(*, request: ElementRequest, actor: User, note: str, now: datetime | None = None) -> ElementRequest:
    """The routed department records what it is doing: open → in progress (further notes keep it there)."""
    now = now or timezone.now()
    note = _note(note, field="note", missing=_("请填写办理进展"))
    with _changing_request(request) as (request, audit):
        if not rules.may_handle_request(actor, request):
            raise Forbidden(_("只有承办部门的审批人员可以办理该需求"))
        to = _request_transition(request, "progress")
        before, request.status, request.last_note = request.status, to, note
        request.save(update_fields=["status", "last_note"])
        audit.add(actor=actor, action="progress", from_state=before, to_state=to, reason=note, at=now)
    return request


def request_resolve(
    *, request: ElementRequest, actor: User, resolution: str, now: datetime | None = None
) -> ElementRequest:
    now = now or timezone.now()
    resolution = _note(resolution, field="resolution", missing=_("请填写解决情况"))
    with _changing_request(request) as (request, audit):
        if not rules.may_handle_request(actor, request):
            raise Forbidden(_("只有承办部门的审批人员可以办理该需求"))
        to = _request_transition(request, "resolve")
        before = request.status
        request.status, request.resolution, request.resolved_at, request.resolved_by = to, resolution, now, actor
        request.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])
        audit.add(actor=actor, action="resolve", from_state=before, to_state=to, reason=resolution, at=now)
    return request


def requests_escalate(*, now: datetime | None = None, tell: bool = True) -> int:
    """Escalate every unresolved request past its deadline to its project's responsible leader, once.

    Run by `manage.py projects_tick`; the leader hears of it (`tell`: the demo loads its history without telling
    anyone). Returns how many requests it escalated now."""
    now = now or timezone.now()
    escalated, told = 0, []
    with transaction.atomic():
        due = (
            ElementRequest.objects.select_for_update(of=("self",))
            .filter(escalated_at__isnull=True, deadline__lt=now)
            .exclude(status=RequestStatus.RESOLVED)
            .select_related("project", "project__responsible_leader", "department")
            .order_by("deadline")
        )
        for request in due:
            request.escalated_at = now
            request.escalated_to_id = request.project.responsible_leader_id
            request.save(update_fields=["escalated_at", "escalated_to"])
            data = {
                "request": str(request.pk),
                "leader": request.escalated_to_id,
                "deadline": request.deadline.isoformat(),
            }
            chain = AuditBatch("element_request", request.pk)
            chain.add(
                actor=None, action="escalate", from_state=request.status, to_state=request.status, data=data, at=now
            )
            chain.write()
            project_chain = AuditBatch("project", request.project_id)
            project_chain.add(actor=None, action="escalate", data=data, at=now)
            project_chain.write()
            escalated += 1
            if tell and request.escalated_to_id:
                told.append((request.project.responsible_leader, _escalated_message(request)))
        transaction.on_commit(lambda: notify(told, now=now))
    return escalated


def _escalated_message(request: ElementRequest) -> Message:
    """The responsible leader hears of the request escalated to them (the wording: gaoxin.notifications.wording)."""
    params = {
        "project": request.project.name,
        "request": request.description[:60],
        "department": request.department.name if request.department_id else "",
        "deadline": when(request.deadline),
    }
    link = reverse("projects-request", args=[request.pk])
    return Message(Kind.REQUEST_ESCALATED, str(request.pk), link=link, params=params)


# --- calendar changes -----------------------------------------------------------------------------
# Registered with gaoxin.workdays.recompute in ProjectsConfig.ready(); runs inside the calendar edit's transaction.


def request_deadline(raised_at: datetime, working_days: int) -> Deadline:
    """An element request's time limit: its working days counted from the moment it was raised."""
    return add_working_days(raised_at, working_days)


def requests_recompute(*, years: frozenset[int] | None, actor: User | None) -> int:
    """Unresolved element requests whose deadline the calendar now counts differently: saved, audited on the
    request's chain, and the approvers of the department it is routed to (who handle it) told when it moved.

    An escalation already made stays made: it happened when the request was late by the calendar of the time.
    Returns how many deadlines changed."""
    pending = ElementRequest.objects.select_for_update(of=("self",)).exclude(status=RequestStatus.RESOLVED)
    if (bounds := span(years)) is not None:
        since, until = bounds
        pending = pending.filter(deadline__gte=since, raised_at__lt=until)
    with transaction.atomic():
        changed, moved = save_changed_deadlines(
            pending.select_related("project").order_by("pk"),
            subject_type="element_request",
            fresh=lambda request: request_deadline(request.raised_at, request.working_days),
            actor=actor,
        )
        approvers = approvers_by_department(r.department_id for r, _old in moved)
        notify([(person, _request_moved(r, old)) for r, old in moved for person in approvers.get(r.department_id, [])])
    return changed


def _request_moved(request: ElementRequest, old: datetime) -> Message:
    names = {
        "project": request.project.name,
        "kind": request.get_kind_display(),
        "old": when(old),
        "new": when(request.deadline),
    }
    return deadline_moved_message(
        request.pk,
        _("“%(project)s”的%(kind)s需求办理期限调整为 %(new)s") % names,
        _("工作日历调整后重新计算：办理期限由 %(old)s 改为 %(new)s。") % names,
        reverse("projects-request", args=[request.pk]),
    )
