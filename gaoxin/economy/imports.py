"""Reading the statistics bureau's tables: Excel (.xlsx, rows are indicators, columns are areas) and CSV (one row per
indicator, area and period). Every cell is checked before anything is written; a file with any bad cell is rejected
as a whole (ImportRejected) with every problem listed by sheet, row, column and cell. The writing is
actions.indicator_import.

Excel layout (see import_templates.template_xlsx, which writes it):

    A1 统计期   B1 2020                           ← the period of this sheet; without it the sheet's name is the period
    A3 指标     B3 单位   C3 洛阳高新区 (C3:D3 merged)  E3 洛阳市 …    ← one block of columns per area
    A4          B4        C4 总量    D4 同比增长（%）   E4 总量 …       ← what each column of a block holds
    A5 地区生产总值  B5 亿元  C5 250.9  D5 5.4  …

Every sheet of the workbook is read (one period each), except the sheet named 说明. Indicators and areas are written
by name or code; the unit column, when filled, must be the indicator's unit. A blank cell (or —) means "not
published"; a row or area block may leave the level or the growth blank, not both.

CSV columns (header row, Chinese or English names, any order): 指标 indicator, 地区 area, 统计期 period,
总量 value, 同比增长（%） growth, optional 单位 unit. UTF-8 (with or without BOM) or GB18030, as Excel saves it.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from gaoxin.core.errors import DomainError
from gaoxin.core.uploads import bounded_rows, check_zip_archive
from gaoxin.economy.models import Area, Indicator
from gaoxin.economy.periods import Period, parse_period

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
NOTES_SHEET = "说明"
PERIOD_HEADERS = {"统计期", "period"}
INDICATOR_HEADERS = {"指标", "indicator"}
UNIT_HEADERS = {"单位", "unit"}
LEVEL_WORDS = ("总量", "绝对值", "数值", "金额", "value", "level")
GROWTH_WORDS = ("增长", "增速", "growth", "%")
BLANKS = {"", "—", "——", "-", "--", "…", "……", "/", "无"}
CSV_COLUMNS = {
    "indicator": {"指标", "指标名称", "indicator"},
    "area": {"地区", "地区名称", "area"},
    "period": {"统计期", "period"},
    "level": {"总量", "绝对值", "数值", "value", "level"},
    "growth": {"同比增长（%）", "同比增长", "增速", "增速（%）", "growth", "growth (%)"},
    "unit": {"单位", "unit"},
}
REQUIRED_CSV = ("indicator", "area", "period", "level", "growth")
# The largest figures the columns hold (IndicatorValue.level and .growth).
LEVEL_PLACES, LEVEL_LIMIT = 4, Decimal(10) ** 14
GROWTH_PLACES, GROWTH_LIMIT = 2, Decimal(10) ** 6


@dataclass(frozen=True)
class ImportProblem:
    """One bad cell (or row, or sheet) of a rejected file; row and cell are None when the problem is the sheet."""

    sheet: str
    row: int | None
    column: str
    cell: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.cell:
            where.append(_("%(cell)s 单元格") % {"cell": self.cell})
        elif self.row:
            where.append(_("第 %(row)s 行") % {"row": self.row})
        return "，".join(where + [self.reason]) if where else self.reason

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "value": self.value,
            "reason": self.reason,
        }


class ImportRejected(DomainError):
    """A file with bad cells: nothing was imported; problems lists every one of them."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(
            _("导入未执行：发现 %(n)s 处问题，未导入任何数据。请改正后重新导入。") % {"n": len(problems)},
            field="file",
        )
        self.problems = problems


@dataclass(frozen=True)
class ParsedValue:
    indicator: Indicator
    area: Area
    period: Period
    level: Decimal | None
    growth: Decimal | None
    where: str  # the cell or row it came from, to name a duplicate


class CellError(ValueError):
    pass


# --- cells ----------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def read_decimal(value, *, places: int, limit: Decimal, what: str) -> Decimal | None:
    """A number from a cell: None when blank or —; CellError when it is not a number or has too many decimals."""
    if isinstance(value, bool):
        raise CellError(_("%(what)s应为数字") % {"what": what})
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # Excel keeps 15 significant digits; a float's further digits (0.30000000000000004) are noise.
        number = Decimal(format(value, ".15g")) if value == value and abs(value) != float("inf") else Decimal("NaN")
    else:
        text = _text(value).replace(",", "").replace("，", "")
        if text in BLANKS:
            return None
        text = text.removesuffix("%").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(_("%(what)s应为数字") % {"what": what}) from None
    if not number.is_finite():
        raise CellError(_("%(what)s应为数字") % {"what": what})
    if abs(number) >= limit:
        raise CellError(_("%(what)s超出范围") % {"what": what})
    if number.as_tuple().exponent < -places and number != number.quantize(Decimal(1).scaleb(-places)):
        raise CellError(_("%(what)s最多 %(places)s 位小数") % {"what": what, "places": places})
    return number


def read_level(value) -> Decimal | None:
    number = read_decimal(value, places=LEVEL_PLACES, limit=LEVEL_LIMIT, what=_("总量"))
    if number is not None and number < 0:
        raise CellError(_("总量不能为负数"))
    return number


def read_growth(value) -> Decimal | None:
    number = read_decimal(value, places=GROWTH_PLACES, limit=GROWTH_LIMIT, what=_("同比增长"))
    if number is not None and number < -100:
        raise CellError(_("同比增长不能低于 -100%"))
    return number


class Lookups:
    """Indicators and areas by name or code, read once per file."""

    def __init__(self):
        self.indicators = self._index(Indicator.objects.all())
        self.areas = self._index(Area.objects.select_related("parent"))
        self.today = timezone.localdate()

    @staticmethod
    def _index(rows) -> dict:
        found = {}
        for row in rows:
            for key in (row.code, row.name, getattr(row, "name_en", "")):
                if key:
                    found[_text(key).lower()] = row
        return found

    def indicator(self, value) -> Indicator:
        text = _text(value)
        if not text:
            raise CellError(_("缺少指标名称"))
        found = self.indicators.get(text.lower())
        if found is None:
            raise CellError(_("没有名为“%(name)s”的指标") % {"name": text})
        return found

    def area(self, value) -> Area:
        text = _text(value)
        if not text:
            raise CellError(_("缺少地区名称"))
        found = self.areas.get(text.lower())
        if found is None:
            raise CellError(_("没有名为“%(name)s”的地区") % {"name": text})
        return found

    def period(self, value) -> Period:
        try:
            period = parse_period(value)
        except DomainError as error:
            raise CellError(error.message) from None
        if (period.year, period.end_month) > (self.today.year, self.today.month):
            raise CellError(_("统计期 %(period)s 尚未结束") % {"period": period.code})
        return period

    @staticmethod
    def unit(indicator: Indicator, value) -> None:
        text = _text(value)
        if text and text != indicator.unit:
            raise CellError(
                _("单位应为“%(unit)s”（%(indicator)s）") % {"unit": indicator.unit, "indicator": indicator.name}
            )


class Collector:
    """The values read so far and every problem found, with duplicates caught across sheets."""

    def __init__(self):
        self.values: list[ParsedValue] = []
        self.problems: list[ImportProblem] = []
        self.seen: dict[tuple, str] = {}

    def problem(self, sheet: str, row: int | None, column: str, cell: str, value, reason: str) -> None:
        self.problems.append(ImportProblem(sheet, row, column, cell, _shown(value), reason))

    def add(self, value: ParsedValue, *, sheet: str, row: int, column: str, cell: str) -> None:
        key = (value.indicator.pk, value.area.pk, value.period.code)
        if key in self.seen:
            reason = _("%(indicator)s、%(area)s、%(period)s 的数据与%(other)s重复") % {
                "indicator": value.indicator.name,
                "area": value.area.name,
                "period": value.period.code,
                "other": self.seen[key],
            }
            self.problem(sheet, row, column, cell, "", reason)
            return
        self.seen[key] = value.where
        self.values.append(value)


# --- reading a file -------------------------------------------------------------------------------


def read_upload(*, name: str, content: bytes) -> list[ParsedValue]:
    """Every value of an uploaded file, or ImportRejected listing every problem (DomainError for an unreadable file)."""
    if not content:
        raise DomainError(_("文件为空"), field="file")
    if len(content) > MAX_BYTES:
        raise DomainError(_("文件过大：不能超过 5 MB"), field="file")
    lookups, collector = Lookups(), Collector()
    if content[:2] == b"PK":
        _read_xlsx(content, lookups, collector)
    elif name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise DomainError(_("无法读取该 Excel 文件：请另存为 .xlsx 格式后重新导入"), field="file")
    else:
        _read_csv(content, lookups, collector)
    if collector.problems:
        raise ImportRejected(collector.problems)
    if not collector.values:
        raise DomainError(_("文件中没有可导入的数据"), field="file")
    return collector.values


def file_format(content: bytes) -> str:
    return "xlsx" if content[:2] == b"PK" else "csv"


def _read_xlsx(content: bytes, lookups: Lookups, collector: Collector) -> None:
    check_zip_archive(io.BytesIO(content))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise DomainError(_("无法读取该 Excel 文件：请另存为 .xlsx 格式后重新导入"), field="file") from None
    try:
        read_any = False
        for sheet in workbook.worksheets:
            if sheet.title.strip() == NOTES_SHEET:
                continue
            streamed = bounded_rows(sheet.iter_rows(values_only=True))
            rows = [list(r) for r, _i in zip(streamed, range(MAX_ROWS + 1), strict=False)]
            if len(rows) > MAX_ROWS:
                collector.problem(
                    sheet.title, None, "", "", "", _("行数过多：每个工作表最多 %(n)s 行") % {"n": MAX_ROWS}
                )
                continue
            if all(_text(c) == "" for r in rows for c in r):
                continue
            read_any = True
            _read_sheet(sheet.title, rows, lookups, collector)
        if not read_any:
            raise DomainError(_("文件中没有可导入的数据"), field="file")
    finally:
        workbook.close()


def _cell(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _sheet_period(title: str, rows: list[list], lookups: Lookups, collector: Collector) -> Period | None:
    first = rows[0] if rows else []
    label = _text(first[0]) if first else ""
    if label.lower() in PERIOD_HEADERS:
        value = first[1] if len(first) > 1 else None
        where = _cell(1, 2)
    else:
        value, where = title, ""
    try:
        return lookups.period(value)
    except CellError as error:
        reason = str(error)
        if not where:
            reason = _(
                "工作表没有统计期：在 A1 写“统计期”、B1 写统计期（如 2020），或以统计期命名工作表（%(reason)s）"
            ) % {"reason": reason}
        collector.problem(title, 1 if where else None, _("统计期"), where, value, reason)
        return None


def _header_row(rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:10]):
        if row and _text(row[0]).lower() in INDICATOR_HEADERS:
            return index
    return None


def _area_blocks(
    title, rows, header_at, lookups, collector
) -> tuple[int | None, list[tuple[Area, int | None, int | None]]]:
    """The unit column (if any) and, per area block, the columns of its level and its growth (0-based)."""
    header = rows[header_at]
    sub = rows[header_at + 1] if header_at + 1 < len(rows) else []
    unit_column = 1 if len(header) > 1 and _text(header[1]).lower() in UNIT_HEADERS else None
    first_data_column = 2 if unit_column is not None else 1
    blocks: list[dict] = []
    for column in range(first_data_column, max(len(header), len(sub))):
        name = _text(header[column]) if column < len(header) else ""
        kind = _text(sub[column]) if column < len(sub) else ""
        if name:
            try:
                area = lookups.area(name)
            except CellError as error:
                collector.problem(title, header_at + 1, name, _cell(header_at + 1, column + 1), name, str(error))
                area = None
            blocks.append({"area": area, "level": None, "growth": None, "name": name})
        if not kind:
            continue
        if not blocks:
            collector.problem(
                title, header_at + 2, kind, _cell(header_at + 2, column + 1), kind, _("该列上方缺少地区名称")
            )
            continue
        slot = "growth" if any(w in kind.lower() for w in GROWTH_WORDS) else None
        slot = slot or ("level" if any(w in kind.lower() for w in LEVEL_WORDS) else None)
        if slot is None or blocks[-1][slot] is not None:
            reason = (
                _("列标题应为“总量”或“同比增长（%）”")
                if slot is None
                else _("%(area)s 有两列“%(kind)s”") % {"area": blocks[-1]["name"], "kind": kind}
            )
            collector.problem(title, header_at + 2, kind, _cell(header_at + 2, column + 1), kind, reason)
            continue
        blocks[-1][slot] = column
    if not blocks:
        collector.problem(
            title, header_at + 1, "", "", "", _("表头中没有地区：第 3 列起每个地区占“总量”“同比增长（%）”两列")
        )
    for block in blocks:
        if block["area"] is not None and block["level"] is None and block["growth"] is None:
            collector.problem(
                title,
                header_at + 2,
                block["name"],
                "",
                "",
                _("%(area)s 下缺少“总量”“同比增长（%）”列标题") % {"area": block["name"]},
            )
    return unit_column, [(b["area"], b["level"], b["growth"]) for b in blocks if b["area"] is not None]


def _read_sheet(title: str, rows: list[list], lookups: Lookups, collector: Collector) -> None:
    period = _sheet_period(title, rows, lookups, collector)
    header_at = _header_row(rows)
    if header_at is None:
        collector.problem(title, None, "", "", "", _("找不到表头：A 列应有一格写“指标”，其右为各地区名称"))
        return
    unit_column, blocks = _area_blocks(title, rows, header_at, lookups, collector)
    for index in range(header_at + 2, len(rows)):
        row, number = rows[index], index + 1
        if all(_text(c) == "" for c in row):
            continue
        try:
            indicator = lookups.indicator(row[0] if row else None)
        except CellError as error:
            collector.problem(title, number, _("指标"), _cell(number, 1), row[0] if row else "", str(error))
            continue
        if unit_column is not None and unit_column < len(row):
            try:
                lookups.unit(indicator, row[unit_column])
            except CellError as error:
                collector.problem(
                    title, number, _("单位"), _cell(number, unit_column + 1), row[unit_column], str(error)
                )
        for area, level_column, growth_column in blocks:
            _read_pair(title, row, number, indicator, area, period, level_column, growth_column, collector)


def _read_pair(title, row, number, indicator, area, period, level_column, growth_column, collector) -> None:
    values, ok = {}, True
    for slot, column, reader, header in (
        ("level", level_column, read_level, _("总量")),
        ("growth", growth_column, read_growth, _("同比增长（%）")),
    ):
        raw = row[column] if column is not None and column < len(row) else None
        try:
            values[slot] = reader(raw)
        except CellError as error:
            collector.problem(title, number, f"{area.name} {header}", _cell(number, column + 1), raw, str(error))
            ok = False
    if not ok or period is None or (values["level"] is None and values["growth"] is None):
        return
    cell = _cell(number, (level_column if level_column is not None else growth_column) + 1)
    where = _("“%(sheet)s”工作表 %(cell)s") % {"sheet": title, "cell": cell}
    collector.add(
        ParsedValue(indicator, area, period, values["level"], values["growth"], where),
        sheet=title,
        row=number,
        column=area.name,
        cell=cell,
    )


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("无法识别文件编码：请保存为 UTF-8 或 GB18030 编码的 CSV"), field="file")


def _csv_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _text(name).lower()
        for column, aliases in CSV_COLUMNS.items():
            if key in {_text(a).lower() for a in aliases}:
                found.setdefault(column, index)
    missing = [column for column in REQUIRED_CSV if column not in found]
    return found, missing


CSV_HEADERS = {
    "indicator": "指标",
    "area": "地区",
    "period": "统计期",
    "level": "总量",
    "growth": "同比增长（%）",
    "unit": "单位",
}


def _read_csv(content: bytes, lookups: Lookups, collector: Collector) -> None:
    text = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, [])
    columns, missing = _csv_columns(header)
    if missing:
        names = "、".join(f"{CSV_HEADERS[m]}（{m}）" for m in missing)
        collector.problem("", 1, "", "", "", _("第 1 行应为表头，缺少列：%(names)s") % {"names": names})
        return
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            collector.problem("", number, "", "", "", _("行数过多：最多 %(n)s 行") % {"n": MAX_ROWS})
            return
        if all(_text(c) == "" for c in row):
            continue
        _read_csv_row(row, number, columns, lookups, collector)


def _read_csv_row(row, number, columns, lookups, collector) -> None:
    def cell(column):
        index = columns[column]
        return (row[index] if index < len(row) else None), _cell(number, index + 1), CSV_HEADERS[column]

    parsed, ok = {}, True
    for column, read in (
        ("indicator", lookups.indicator),
        ("area", lookups.area),
        ("period", lookups.period),
        ("level", read_level),
        ("growth", read_growth),
    ):
        raw, ref, header = cell(column)
        try:
            parsed[column] = read(raw)
        except CellError as error:
            collector.problem("", number, header, ref, raw, str(error))
            ok = False
    if "unit" in columns and parsed.get("indicator") is not None:
        raw, ref, header = cell("unit")
        try:
            lookups.unit(parsed["indicator"], raw)
        except CellError as error:
            collector.problem("", number, header, ref, raw, str(error))
            ok = False
    if not ok:
        return
    if parsed["level"] is None and parsed["growth"] is None:
        collector.problem("", number, "", "", "", _("总量和同比增长不能都为空"))
        return
    ref = _cell(number, columns["level"] + 1)
    collector.add(
        ParsedValue(
            parsed["indicator"],
            parsed["area"],
            parsed["period"],
            parsed["level"],
            parsed["growth"],
            _("第 %(row)s 行") % {"row": number},
        ),
        sheet="",
        row=number,
        column="",
        cell=ref,
    )


def rows_of(values: list[ParsedValue]) -> dict[tuple[str, int], list[ParsedValue]]:
    """Values grouped by (period code, indicator id): the slices an import replaces."""
    grouped: dict[tuple[str, int], list[ParsedValue]] = {}
    for value in values:
        grouped.setdefault((value.period.code, value.indicator.pk), []).append(value)
    return grouped


def safe_file_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1].strip()
    return base[:200] or "upload"
