"""The demands ledger (诉求台账) as an Excel file, in the columns a 企业服务办 keeps: one row per demand the person may
see (selectors.demands_visible_to), raised in the period, oldest first.

The sheet is written row by row (openpyxl's write-only mode), so a year of a busy zone's demands costs the memory of
one row; every text goes through gaoxin.core.spreadsheets.append_row, so what an enterprise typed is never a formula.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from gaoxin.accounts.models import Department
from gaoxin.core.spreadsheets import append_row
from gaoxin.demands import selectors
from gaoxin.demands.models import Channel, Demand, Result, Satisfaction, Status, Urgency

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
ROWS_PER_FETCH = 2000


@dataclass(frozen=True)
class Context:
    """What every row is written with: the moment of the export, and each choice's label in the reader's language,
    looked up once (Django's get_FOO_display costs more than writing the cell)."""

    now: datetime
    labels: dict[str, dict[str, str]]

    @classmethod
    def at(cls, now: datetime) -> "Context":
        choices = {
            "channel": Channel,
            "urgency": Urgency,
            "status": Status,
            "result": Result,
            "satisfaction": Satisfaction,
        }
        return cls(now, {field: {c.value: str(c.label) for c in kind} for field, kind in choices.items()})

    def label(self, demand: Demand, field: str) -> str:
        return self.labels[field].get(getattr(demand, field), "")


@dataclass(frozen=True)
class Column:
    header: object  # a lazy translation, read when the sheet is written
    value: Callable[[Demand, Context], object]
    width: int = 12


def _local(moment: datetime | None):
    """Excel keeps no time zone: the zone's wall-clock time, as the pages show it."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _yes(flag: bool) -> str:
    return _("是") if flag else _("否")


def is_late(demand: Demand, now: datetime) -> bool:
    """Open and past its running stage's due date, or answered after its solving limit."""
    if demand.status in (Status.REPLIED, Status.CONFIRMED, Status.CLOSED):
        return bool(demand.replied_at and demand.solve_due and demand.replied_at > demand.solve_due)
    stage = selectors.running_stage(demand, now)
    return bool(stage and stage.sla == "overdue")


def _when(field: str):
    return lambda d, c: _local(getattr(d, field))


def _label(field: str):
    return lambda d, c: c.label(d, field)


COLUMNS = [
    Column(gettext_lazy("编号"), lambda d, c: d.number, 16),
    Column(gettext_lazy("来源渠道"), _label("channel")),
    Column(gettext_lazy("企业/诉求人"), lambda d, c: d.party_name, 28),
    Column(gettext_lazy("类别"), lambda d, c: d.category.name),
    Column(gettext_lazy("诉求标题"), lambda d, c: d.title, 24),
    Column(gettext_lazy("诉求内容"), lambda d, c: d.text, 48),
    Column(gettext_lazy("紧急程度"), _label("urgency"), 8),
    Column(gettext_lazy("提出时间"), _when("raised_at"), 17),
    Column(gettext_lazy("承办单位"), lambda d, c: d.unit.name if d.unit_id else "", 20),
    Column(gettext_lazy("协办单位"), lambda d, c: "、".join(u.name for u in d.co_units.all()), 20),
    Column(gettext_lazy("状态"), _label("status"), 8),
    Column(gettext_lazy("交办期限"), _when("assign_due"), 17),
    Column(gettext_lazy("交办时间"), _when("assigned_at"), 17),
    Column(gettext_lazy("签收期限"), _when("accept_due"), 17),
    Column(gettext_lazy("签收时间"), _when("accepted_at"), 17),
    Column(gettext_lazy("响应期限"), _when("respond_due"), 17),
    Column(gettext_lazy("首次响应时间"), _when("responded_at"), 17),
    Column(gettext_lazy("办结期限"), _when("solve_due"), 17),
    Column(gettext_lazy("答复时间"), _when("replied_at"), 17),
    Column(gettext_lazy("办理结果"), _label("result"), 14),
    Column(gettext_lazy("答复内容"), lambda d, c: d.reply, 48),
    Column(gettext_lazy("满意度"), _label("satisfaction"), 8),
    Column(gettext_lazy("代为确认"), lambda d, c: _yes(d.confirmed_on_behalf) if d.confirmed_at else "", 8),
    Column(gettext_lazy("重办次数"), lambda d, c: d.reopen_count, 8),
    Column(gettext_lazy("销号时间"), _when("closed_at"), 17),
    Column(gettext_lazy("是否超期"), lambda d, c: _yes(is_late(d, c.now)), 8),
]


def period_asked(date_from, date_to, *, today) -> selectors.Period:
    """The ledger is kept by the year (its numbers are the year's): this year by default."""
    if date_from is None and date_to is None:
        return selectors.Period.year_of(today)
    return selectors.Period.asked(date_from, date_to, today=today)


def rows_for(user, period: selectors.Period):
    demands = selectors.demands_visible_to(user).filter(raised_at__gte=period.start, raised_at__lt=period.end)
    co_units = Prefetch("co_units", queryset=Department.objects.order_by("code"))
    # The enterprise's name only: its legal representative's ID number is not in the ledger, and is not decrypted.
    unread = ("enterprise__legal_representative_id", "enterprise__business_scope")
    return demands.defer(*unread).prefetch_related(co_units).order_by("raised_at", "number")


def _header(sheet) -> list:
    cells = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, str(column.header))
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        cells.append(cell)
    return cells


def workbook(user, period: selectors.Period, *, now: datetime | None = None) -> bytes:
    """The person's ledger of the period as .xlsx bytes."""
    context = Context.at(now or timezone.now())
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("诉求台账"))
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet))
    for demand in rows_for(user, period).iterator(chunk_size=ROWS_PER_FETCH):
        append_row(sheet, [column.value(demand, context) for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filename(period: selectors.Period) -> str:
    return f"demands-ledger-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.xlsx"


def download(user, period: selectors.Period) -> HttpResponse:
    """The page's and the API's answer: the file, to be saved under its period's name."""
    response = HttpResponse(workbook(user, period), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename(period))
    return response
