"""The 12345 hotline's work orders (12345热线工单) into the ledger: an .xlsx as the hotline's platform exports it, read
by its Chinese headers, all rows or none.

Each row is read (its cells) and then entered through the same action the hotline's API uses
(actions.demand_from_hotline), every row inside its own savepoint of one transaction: a file with any bad row — a cell
that cannot be read, a rule of the action, a work order already entered — is rolled back whole and every bad row is
listed with its number and its reasons (core.spreadsheets.ImportRejected).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import User
from gaoxin.core.errors import DomainError
from gaoxin.core.spreadsheets import ImportRejected, RowError, cell_text, open_xlsx, rows_by_header
from gaoxin.demands import actions, rules
from gaoxin.demands.models import Category, Demand, Urgency
from gaoxin.economy.models import Enterprise

MAX_ROWS = 2000
NUMBER, CALLED_AT, CALLER, PHONE, CATEGORY, TEXT, ENTERPRISE, URGENCY = (
    "工单编号",
    "来电时间",
    "来电人",
    "联系电话",
    "诉求类别",
    "诉求内容",
    "涉及企业",
    "紧急程度",
)
COLUMNS = (NUMBER, CALLED_AT, CALLER, PHONE, CATEGORY, TEXT, ENTERPRISE, URGENCY)
REQUIRED = (NUMBER, CALLER, PHONE, CATEGORY, TEXT)
# The words 12345 platforms use for how urgent a work order is, beside our own two.
URGENT_WORDS = {"紧急", "特急", "加急", "urgent"}
NORMAL_WORDS = {"", "一般", "普通", "normal"}
DATETIME = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?)?"
)


@dataclass
class HotlineImportResult:
    numbers: list[str]


# An action's field, as the sheet's column names it.
HEADER_OF = {
    "number": NUMBER,
    "called_at": CALLED_AT,
    "contact_name": CALLER,
    "contact_phone": PHONE,
    "category": CATEGORY,
    "title": TEXT,
    "text": TEXT,
    "enterprise": ENTERPRISE,
    "urgency": URGENCY,
}


def _refused(header: str, message: str, field: str) -> DomainError:
    return DomainError(f"{header}：{message}", field=field)


def called_at_of(value) -> datetime | None:
    """A call's time as Excel stores it (a date and time) or as text (2026-04-12 09:31[:05]), in Asia/Shanghai."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        found = DATETIME.fullmatch(cell_text(value))
        if not found:
            raise _refused(CALLED_AT, _("格式应为 2026-04-12 09:30"), "called_at")
        try:
            moment = datetime(*(int(part or 0) for part in found.groups()))
        except ValueError:
            raise _refused(CALLED_AT, _("日期不存在"), "called_at") from None
    return moment  # a time without its zone is the zone's: the action reads it so


def urgency_named(value) -> str:
    text = cell_text(value).lower()
    if text in URGENT_WORDS:
        return Urgency.URGENT
    if text in NORMAL_WORDS:
        return Urgency.NORMAL
    raise _refused(URGENCY, _("应为“一般”或“紧急”"), "urgency")


class Lookups:
    """Categories and enterprises by what the hotline writes (a name or a code; a name or a USCC), the categories
    read once per import."""

    def __init__(self):
        self.categories = {}
        for category in Category.objects.filter(active=True):
            self.categories[category.code] = self.categories[category.name] = category

    def category(self, value) -> Category:
        text = cell_text(value)
        if text not in self.categories:
            raise _refused(CATEGORY, _("没有名为“%(value)s”的诉求类别") % {"value": text}, "category")
        return self.categories[text]

    def enterprise(self, value) -> Enterprise | None:
        text = cell_text(value)
        if not text:
            return None
        found = list(Enterprise.objects.filter(Q(uscc=text.upper()) | Q(name=text))[:2])
        if len(found) != 1:
            raise _refused(ENTERPRISE, _("登记的企业中没有“%(value)s”") % {"value": text}, "enterprise")
        return found[0]


def _work_order(row: dict, lookups: Lookups) -> tuple[actions.WorkOrder | None, list[str]]:
    reasons = [_("%(header)s：必填") % {"header": h} for h in REQUIRED if not cell_text(row.get(h))]
    read = {}
    for name, reader, header in (
        ("called_at", called_at_of, CALLED_AT),
        ("category", lookups.category, CATEGORY),
        ("enterprise", lookups.enterprise, ENTERPRISE),
        ("urgency", urgency_named, URGENCY),
    ):
        if header in REQUIRED and not cell_text(row.get(header)):
            continue  # already said: required
        try:
            read[name] = reader(row.get(header))
        except DomainError as error:
            reasons.append(error.message)
    if reasons:
        return None, reasons
    order = actions.WorkOrder(
        number=cell_text(row[NUMBER]),
        caller=cell_text(row[CALLER]),
        phone=cell_text(row[PHONE]),
        text=cell_text(row[TEXT]),
        **read,
    )
    return order, []


def _already(demand: Demand) -> str:
    return _("工单 %(ref)s 已导入（诉求 %(number)s），不能重复导入") % {
        "ref": demand.external_ref,
        "number": demand.number,
    }


def _read(file) -> tuple[str, list[tuple[int, dict]]]:
    book = open_xlsx(file)
    try:
        sheet = book.worksheets[0]
        header, rows = rows_by_header(sheet)
        title = sheet.title
    finally:
        book.close()
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise DomainError(_("缺少列：%(columns)s") % {"columns": "、".join(missing)}, field="file")
    if not rows:
        raise DomainError(_("文件中没有可导入的工单"), field="file")
    if len(rows) > MAX_ROWS:
        raise DomainError(_("行数过多：一次最多导入 %(n)s 张工单") % {"n": MAX_ROWS}, field="file")
    return title, rows


def hotline_import(*, file, actor: User, now: datetime | None = None) -> HotlineImportResult:
    """Import the first sheet of an .xlsx of 12345 work orders: every row entered as a demand, or none."""
    now = now or timezone.now()
    if not rules.is_office(actor):
        raise DomainError(_("只有企业服务办可以导入12345热线工单"), field="file")
    sheet, rows = _read(file)
    lookups, errors, numbers, seen = Lookups(), [], [], {}
    with transaction.atomic():
        for row_number, row in rows:
            reasons = _row_into_ledger(row_number, row, lookups, actor, now, seen, numbers)
            if reasons:
                errors.append(RowError(sheet, row_number, reasons))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRejected(errors)
    return HotlineImportResult(numbers)


def _row_into_ledger(row_number, row, lookups, actor, now, seen, numbers) -> list[str]:
    """The row's reasons for refusal, or none once its demand is entered (inside the import's transaction)."""
    order, reasons = _work_order(row, lookups)
    ref = cell_text(row.get(NUMBER))
    if ref and ref in seen:
        reasons.append(_("工单编号与第 %(row)s 行重复") % {"row": seen[ref]})
    seen.setdefault(ref, row_number)
    if reasons:
        return reasons
    try:
        with transaction.atomic():
            demand, created = actions.demand_from_hotline(order=order, actor=actor, now=now)
    except DomainError as error:
        header = HEADER_OF.get(error.field or "")
        return [f"{header}：{error.message}" if header and not error.message.startswith(header) else error.message]
    if not created:
        return [_already(demand)]
    numbers.append(demand.number)
    return []
