"""Excel (.xlsx) import and export of the register and of monthly reports, with Chinese column headers.

Import is all or nothing: every row of every sheet is checked first, and a file with any bad row imports nothing and
lists each bad row with its reasons (ImportRejected). A good file is applied in one transaction through the same
actions as the pages, so the rules (permissions, date checks, closed months) are the same everywhere.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gaoxin.accounts.models import Department, User
from gaoxin.core.errors import DomainError
from gaoxin.core.spreadsheets import ImportRejected, RowError, append_row, open_xlsx, rows_by_header
from gaoxin.core.spreadsheets import cell_text as _text
from gaoxin.economy.models import Park
from gaoxin.projects import actions, periods, rules
from gaoxin.projects.models import BuildKind, Category, Level, MonthlyReport, Project, Stage, YearPlan

PROJECT_SHEET = "项目"
REPORT_SHEET = "月报"
NOTES_SHEET = "说明"
EXPORT_REPORT_SHEET = "月报记录"
MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # text, choice, money, date, int, park, leader, unit, officer
    required: bool = False
    width: int = 14
    help: str = ""


PROJECT_COLUMNS = [
    Column("项目编号", "code", "text", True, 16, "字母、数字、短横线，如 LYGX-2021-001；已存在的编号将更新该项目"),
    Column("项目名称", "name", "text", True, 36),
    Column("级别", "level", "choice", True, 10, "省重点、市重点、区重点"),
    Column("类别", "category", "choice", True, 12, "、".join(str(c) for c in Category.labels)),
    Column("建设单位", "owner", "text", True, 30),
    Column("所属园区", "park", "park", False, 22, "园区名称或简称，可留空"),
    Column("建设地点", "location", "text", False, 24),
    Column("建设内容", "description", "text", False, 30),
    Column("总投资（万元）", "total_investment", "money", True, 14, "万元，最多两位小数"),
    Column("建设性质", "build_kind", "choice", True, 10, "新开工、续建"),
    Column("建设阶段", "stage", "choice", True, 10, "谋划、签约、开工、在建、竣工、投产/达产"),
    Column("计划开工日期", "planned_start", "date", False, 13, "日期，如 2021-03-15"),
    Column("实际开工日期", "actual_start", "date", False, 13, "开工及以后阶段必填"),
    Column("计划竣工日期", "planned_completion", "date", False, 13),
    Column("实际竣工日期", "actual_completion", "date", False, 13, "竣工、投产阶段必填"),
    Column("入库年份", "intake_year", "int", False, 10),
    Column("入库季度", "intake_quarter", "int", False, 10, "1–4"),
    Column("责任领导账号", "responsible_leader", "leader", False, 14, "副县级以上领导的登录账号（由领导导入）"),
    Column("责任单位", "responsible_unit", "unit", False, 26, "部门名称、简称或代码"),
    Column("责任人", "responsible_person_name", "text", False, 10),
    Column("责任人电话", "responsible_person_phone", "text", False, 14),
    Column("项目专员账号", "officer", "officer", False, 14),
    Column("计划年度", "plan_year", "int", False, 10, "与年度计划投资同时填写"),
    Column("年度计划投资（万元）", "plan_investment", "money", False, 16),
]
REPORT_COLUMNS = [
    Column("项目编号", "code", "text", True, 16),
    Column("年度", "year", "int", True, 8),
    Column("月份", "month", "int", True, 8, "1–12"),
    Column("本月完成投资（万元）", "invested", "money", True, 18),
    Column("形象进度", "progress", "text", True, 60),
]
CHOICES = {"level": Level, "category": Category, "build_kind": BuildKind, "stage": Stage}
STAGE_ALIASES = {"投产": Stage.PRODUCTION, "达产": Stage.PRODUCTION, "投产达产": Stage.PRODUCTION}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    plans: int = 0
    reports: int = 0
    codes: list[str] = field(default_factory=list)


# --- reading cells --------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not match:
        raise CellError(_("日期格式应为 2021-03-15"))
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        raise CellError(_("日期不存在")) from None


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(_("应为整数"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).upper().removeprefix("Q").removesuffix("季度").removesuffix("月")
    text = {"一": "1", "二": "2", "三": "3", "四": "4"}.get(text, text)
    if not re.fullmatch(r"\d{1,4}", text):
        raise CellError(_("应为整数"))
    return int(text)


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        return actions.amount(value, field="")
    except DomainError as error:
        raise CellError(error.message) from None


def _choice(field_name: str, value):
    text = _text(value)
    if not text:
        return None
    choices = CHOICES[field_name]
    if field_name == "stage" and text in STAGE_ALIASES:
        return STAGE_ALIASES[text]
    for code, label in choices.choices:
        if text in (code, str(label)):
            return code
    raise CellError(_("应为：%(choices)s") % {"choices": "、".join(str(label) for label in choices.labels)})


class _Lookups:
    """Parks, departments and accounts by what a person types in a cell, read once per import."""

    def __init__(self):
        self.parks = {}
        for park in Park.objects.all():
            for key in (park.code, park.name, park.short_name):
                if key:
                    self.parks[key] = park
        self.units = {}
        for unit in Department.objects.all():
            for key in (unit.code, unit.name, unit.short_name):
                if key:
                    self.units[key] = unit
        self.users = {}

    def park(self, value):
        text = _text(value)
        if not text:
            return None
        if text not in self.parks:
            raise CellError(_("没有名为“%(name)s”的园区") % {"name": text})
        return self.parks[text]

    def unit(self, value):
        text = _text(value)
        if not text:
            return None
        if text not in self.units:
            raise CellError(_("没有名为“%(name)s”的部门") % {"name": text})
        return self.units[text]

    def user(self, value):
        text = _text(value)
        if not text:
            return None
        if text not in self.users:
            self.users[text] = User.objects.filter(username=text).select_related("leader_profile").first()
        if self.users[text] is None:
            raise CellError(_("没有账号“%(name)s”") % {"name": text})
        return self.users[text]


def _read_cell(column: Column, value, lookups: _Lookups):
    kind = column.kind
    if kind == "text":
        return _text(value)
    if kind == "choice":
        return _choice(column.field, value)
    if kind == "money":
        return _money(value)
    if kind == "date":
        return _date(value)
    if kind == "int":
        return _int(value)
    if kind == "park":
        return lookups.park(value)
    if kind == "unit":
        return lookups.unit(value)
    return lookups.user(value)  # leader, officer


def _sheet_rows(sheet, columns: list[Column]) -> tuple[list[tuple[int, dict]], list[str]]:
    """The non-blank rows as (row number, {header: cell}), and the required headers that are missing."""
    header, rows = rows_by_header(sheet)
    return rows, [c.header for c in columns if c.required and c.header not in header]


# --- checking rows --------------------------------------------------------------------------------


@dataclass
class _ProjectRow:
    number: int
    values: dict
    existing: Project | None
    plan: tuple[int, Decimal] | None


@dataclass
class _ReportRow:
    number: int
    code: str
    year: int
    month: int
    invested: Decimal
    progress: str


def _parse(row: dict, columns: list[Column], lookups: _Lookups) -> tuple[dict, list[str]]:
    values, reasons = {}, []
    for column in columns:
        if column.header not in row:
            values[column.field] = None
            continue
        try:
            values[column.field] = _read_cell(column, row[column.header], lookups)
        except CellError as error:
            reasons.append(f"{column.header}：{error}")
            values[column.field] = None
            continue
        if column.required and values[column.field] in (None, ""):
            reasons.append(_("%(header)s：必填") % {"header": column.header})
    return values, reasons


HEADER_OF = {c.field: c.header for c in PROJECT_COLUMNS}


def _check_project_row(number, row, lookups, actor, today, seen) -> tuple[_ProjectRow | None, list[str]]:
    values, reasons = _parse(row, PROJECT_COLUMNS, lookups)
    code = values.get("code") or ""
    if code in seen:
        reasons.append(_("项目编号 %(code)s 与第 %(row)s 行重复") % {"code": code, "row": seen[code]})
    seen.setdefault(code, number)
    plan_year, plan_investment = values.pop("plan_year"), values.pop("plan_investment")
    if (plan_year is None) != (plan_investment is None):
        reasons.append(_("计划年度和年度计划投资应同时填写或同时留空"))
    existing = Project.objects.filter(code=code).select_related("responsible_leader__leader_profile").first()
    if existing is not None:
        # A column left out of the file, or a blank cell in a column that names a record, keeps what the register has.
        values = {
            k: v
            for k, v in values.items()
            if HEADER_OF[k] in row and not (v is None and k in _KEEP_WHEN_BLANK) and k != "code"
        }
        merged = {f: getattr(existing, f) for f in actions.PROJECT_FIELDS}
        merged.update(values)
        if actor is not None and not rules.may_change(actor, existing):
            reasons.append(_("无权修改项目 %(code)s") % {"code": code})
    else:
        merged = {f: values.get(f) for f in actions.PROJECT_FIELDS}
        if actor is not None and not rules.may_register(actor):
            reasons.append(_("无权登记新项目"))
    if not actions.may_assign(actor):
        # A new project may name its officer (as project_register allows); responsibility is the leaders' to set.
        current = existing or Project()
        guarded = actions.RESPONSIBILITY_FIELDS if existing else actions.RESPONSIBILITY_FIELDS[:3]
        for name in guarded:
            if merged.get(name) not in (None, "") and merged.get(name) != getattr(current, name):
                reasons.append(_("分包责任（%(header)s）由领导确定") % {"header": HEADER_OF[name]})
                break
    if not reasons:
        cleaned = actions._clean_texts(merged)
        for problem in actions.project_problems(cleaned, today=today):
            reasons.append(f"{HEADER_OF.get(problem.field, '')}：{problem.message}".lstrip("："))
    if reasons:
        return None, reasons
    plan = (plan_year, plan_investment) if plan_year is not None else None
    if plan and not 2000 <= plan_year <= 2100:
        return None, [_("计划年度应在 2000–2100 之间")]
    return _ProjectRow(number, values, existing, plan), []


def _check_report_row(number, row, lookups, actor, now, codes_in_file, seen) -> tuple[_ReportRow | None, list[str]]:
    values, reasons = _parse(row, REPORT_COLUMNS, lookups)
    if reasons:
        return None, reasons
    code, year, month = values["code"], values["year"], values["month"]
    key = (code, year, month)
    if key in seen:
        reasons.append(_("与第 %(row)s 行是同一项目同一月份") % {"row": seen[key]})
    seen.setdefault(key, number)
    project = Project.objects.filter(code=code).first()
    if project is None and code not in codes_in_file:
        reasons.append(_("没有编号为 %(code)s 的项目") % {"code": code})
    elif project is not None and actor is not None and not rules.may_change(actor, project):
        reasons.append(_("无权填报项目 %(code)s 的月报") % {"code": code})
    if not 2000 <= year <= 2100:
        reasons.append(_("年度应在 2000–2100 之间"))
    elif not 1 <= month <= 12:
        reasons.append(_("月份应为 1–12"))
    elif not periods.month_started(year, month, now):
        reasons.append(_("不能填报尚未开始的月份"))
    elif periods.month_closed(year, month, now):
        reasons.append(_("%(year)s 年 %(month)s 月已关账，月报已锁定") % {"year": year, "month": month})
    if len(values["progress"]) > actions.PROGRESS_MAX:
        reasons.append(_("形象进度过长：最多 %(n)s 个字") % {"n": actions.PROGRESS_MAX})
    if reasons:
        return None, reasons
    return _ReportRow(number, code, year, month, values["invested"], values["progress"]), []


# --- importing ------------------------------------------------------------------------------------


def projects_import(
    *,
    file,
    actor: User | None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import the sheets 项目 and 月报 of an .xlsx file: all rows or none. actor None is the command line."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if actor is not None and not (rules.may_register(actor) or actor.projects_kept.exists()):
        raise DomainError(_("只有项目专员、领导可以导入项目"), field="file")
    book = open_xlsx(file)
    if PROJECT_SHEET not in book.sheetnames and REPORT_SHEET not in book.sheetnames:
        raise DomainError(
            _("文件中没有“%(a)s”或“%(b)s”工作表，请使用导入模板") % {"a": PROJECT_SHEET, "b": REPORT_SHEET},
            field="file",
        )
    lookups, errors = _Lookups(), []
    project_rows, report_rows = [], []
    raw = {}
    for name, columns in ((PROJECT_SHEET, PROJECT_COLUMNS), (REPORT_SHEET, REPORT_COLUMNS)):
        if name in book.sheetnames:
            rows, missing = _sheet_rows(book[name], columns)
            if missing:
                errors.append(RowError(name, 1, [_("缺少列：%(columns)s") % {"columns": "、".join(missing)}]))
                rows = []
            raw[name] = rows
    book.close()
    total_rows = sum(len(rows) for rows in raw.values())
    if total_rows > MAX_ROWS:
        raise DomainError(_("一次最多导入 %(n)s 行") % {"n": MAX_ROWS}, field="file")
    seen: dict = {}
    for number, row in raw.get(PROJECT_SHEET, []):
        checked, reasons = _check_project_row(number, row, lookups, actor, today, seen)
        if reasons:
            errors.append(RowError(PROJECT_SHEET, number, reasons))
        else:
            project_rows.append(checked)
    codes_in_file = set(seen)
    seen_reports: dict = {}
    for number, row in raw.get(REPORT_SHEET, []):
        checked, reasons = _check_report_row(number, row, lookups, actor, now, codes_in_file, seen_reports)
        if reasons:
            errors.append(RowError(REPORT_SHEET, number, reasons))
        else:
            report_rows.append(checked)
    if errors:
        raise ImportRejected(errors)
    if not project_rows and not report_rows:
        raise DomainError(_("文件中没有数据行"), field="file")
    return _apply(project_rows, report_rows, actor=actor, now=now, today=today, progress=progress)


def _apply(project_rows, report_rows, *, actor, now, today, progress) -> ImportResult:
    result, total, done = ImportResult(), len(project_rows) + len(report_rows), 0
    with transaction.atomic():
        for row in project_rows:
            if row.existing is None:
                project = actions.project_register(actor=actor, values=row.values, today=today)
                result.created += 1
            else:
                project = actions.project_update(project=row.existing, actor=actor, changes=row.values, today=today)
                result.updated += 1
            if row.plan:
                actions.project_set_year_plan(
                    project=project, actor=actor, year=row.plan[0], planned_investment=row.plan[1]
                )
                result.plans += 1
            result.codes.append(project.code)
            done += 1
            if progress:
                progress(done, total)
        for row in report_rows:
            project = Project.objects.get(code=row.code)
            actions.report_submit(
                project=project,
                actor=actor,
                year=row.year,
                month=row.month,
                invested=row.invested,
                progress=row.progress,
                now=now,
            )
            result.reports += 1
            done += 1
            if progress:
                progress(done, total)
    return result


# A blank cell in these columns keeps what the register has (a person filling a few columns of an update).
_KEEP_WHEN_BLANK = {"responsible_leader", "responsible_unit", "officer", "park"}


# --- writing workbooks ----------------------------------------------------------------------------

HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="0B4F9C")


def _sheet(book: Workbook, title: str, columns: list[Column], *, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    return sheet


def _validation(sheet, columns: list[Column], field_name: str, options: list[str]) -> None:
    index = next(i for i, c in enumerate(columns, start=1) if c.field == field_name)
    letter = get_column_letter(index)
    rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    rule.error = _("请从下拉列表中选择")
    sheet.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{MAX_ROWS}")


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The import template: the two sheets with their headers and drop-down lists, and a sheet of notes."""
    book = Workbook()
    projects = _sheet(book, PROJECT_SHEET, PROJECT_COLUMNS, first=True)
    for name, choices in CHOICES.items():
        _validation(projects, PROJECT_COLUMNS, name, [str(label) for label in choices.labels])
    _sheet(book, REPORT_SHEET, REPORT_COLUMNS)
    notes = book.create_sheet(NOTES_SHEET)
    notes.append([_("工作表"), _("列"), _("必填"), _("说明")])
    for sheet_name, columns in ((PROJECT_SHEET, PROJECT_COLUMNS), (REPORT_SHEET, REPORT_COLUMNS)):
        for column in columns:
            notes.append([sheet_name, column.header, _("是") if column.required else "", column.help])
    notes.append([])
    notes.append(["", _("规则"), "", _("任何一行有误则整份文件不导入，并列出每个有误的行及原因。")])
    notes.append(["", "", "", _("某月月报在次月第 5 个工作日下班前可填报和更正，之后该月关账、月报锁定。")])
    notes.append(["", "", "", _("金额单位均为万元。")])
    for letter, width in (("A", 10), ("B", 22), ("C", 6), ("D", 70)):
        notes.column_dimensions[letter].width = width
    return _save(book)


def _cell_value(project: Project, column: Column, plan: YearPlan | None):
    if column.field == "plan_year":
        return plan.year if plan else None
    if column.field == "plan_investment":
        return plan.planned_investment if plan else None
    value = getattr(project, column.field)
    if column.kind == "choice":
        return getattr(project, f"get_{column.field}_display")()
    if column.kind == "park":
        return value.name if value else None
    if column.kind == "unit":
        return value.name if value else None
    if column.kind in ("leader", "officer"):
        return value.username if value else None
    return value


def export_workbook(projects, *, year: int | None = None) -> bytes:
    """The register as it is (the 项目 sheet imports back), with the year's plan, and the reports filed."""
    book = Workbook()
    sheet = _sheet(book, PROJECT_SHEET, PROJECT_COLUMNS, first=True)
    projects = list(projects.select_related("park", "responsible_leader", "responsible_unit", "officer"))
    plans = {}
    for plan in YearPlan.objects.filter(project__in=projects).order_by("year"):
        if year is None or plan.year == year:
            plans[plan.project_id] = plan  # the given year's, or the latest
    for project in projects:
        append_row(sheet, [_cell_value(project, c, plans.get(project.pk)) for c in PROJECT_COLUMNS])
    for row in sheet.iter_rows(min_row=2):
        for cell, column in zip(row, PROJECT_COLUMNS, strict=True):
            if column.kind == "date" and cell.value:
                cell.number_format = "yyyy-mm-dd"
            elif column.kind == "money" and cell.value is not None:
                cell.number_format = "0.00"
    reports = _sheet(book, EXPORT_REPORT_SHEET, REPORT_COLUMNS)
    for report in (
        MonthlyReport.objects.filter(project__in=projects)
        .select_related("project")
        .order_by("project__code", "year", "month")
    ):
        append_row(reports, [report.project.code, report.year, report.month, report.invested, report.progress])
    return _save(book)
