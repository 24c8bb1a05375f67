"""The downloadable import templates: an Excel workbook in the bureau's layout (rows indicators, columns areas, the
period in B1) and a CSV with its header and two example rows. See imports.py for how they are read."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gaoxin.economy.imports import CSV_HEADERS, NOTES_SHEET
from gaoxin.economy.models import Area, Indicator

HEAD_FILL = PatternFill("solid", fgColor="DCE6F2")
PERIOD_FILL = PatternFill("solid", fgColor="FFF3CD")
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def template_xlsx(*, period: str | None = None) -> bytes:
    """A workbook with one period sheet holding every indicator and area (blank figures) and a notes sheet."""
    period = period or str(timezone.localdate().year - 1)
    indicators, areas = list(Indicator.objects.all()), list(Area.objects.all())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = period
    sheet["A1"], sheet["B1"] = "统计期", period
    sheet["C1"] = "如 2020（全年）、2021Q1（一季度）、2021M01-05（1—5月累计）"
    for cell in (sheet["A1"], sheet["B1"]):
        cell.font, cell.fill = BOLD, PERIOD_FILL
    sheet["A3"], sheet["B3"] = "指标", "单位"
    for column, area in enumerate(areas):
        first = 3 + 2 * column
        sheet.cell(row=3, column=first, value=area.name)
        sheet.merge_cells(start_row=3, start_column=first, end_row=3, end_column=first + 1)
        sheet.cell(row=4, column=first, value="总量")
        sheet.cell(row=4, column=first + 1, value="同比增长（%）")
        sheet.column_dimensions[get_column_letter(first)].width = 11
        sheet.column_dimensions[get_column_letter(first + 1)].width = 11
    for row in (3, 4):
        for cell in sheet[row]:
            cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, CENTER
    for offset, indicator in enumerate(indicators):
        sheet.cell(row=5 + offset, column=1, value=indicator.name)
        sheet.cell(row=5 + offset, column=2, value=indicator.unit)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 8
    sheet.freeze_panes = "C5"
    _notes(workbook.create_sheet(NOTES_SHEET))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


NOTES = [
    "每个工作表为一个统计期：A1 写“统计期”，B1 写统计期；也可不写，以统计期为工作表名称。",
    "统计期写法：2020（全年，1—12月）、2021Q1（一季度）、2021Q2（上半年）、2021Q3（前三季度）、"
    "2021M01-05（1—5月累计）。只接受自1月起的累计数。",
    "第 3 行为地区名称，每个地区占两列：总量、同比增长（%）。第 4 行为列标题。地区可增可删，名称须与系统一致。",
    "A 列为指标名称（或代码），B 列为单位，须与系统中的指标单位一致。",
    "同比增长填写统计部门公布的增速（百分比数字，如 5.4），不要由总量推算；可比价指标尤其如此。",
    "未公布的数据留空或写“—”。总量最多 4 位小数，增速最多 2 位小数。",
    "任何一个单元格有误，整份文件都不导入，并逐一列出有误的单元格及原因。",
    "再次导入同一统计期的同一指标，将整体替换该指标该期的全部地区数据；原数据保留在历史记录中。",
]


def _notes(sheet) -> None:
    sheet["A1"] = "填表说明"
    sheet["A1"].font = BOLD
    for offset, line in enumerate(NOTES, start=2):
        sheet.cell(row=offset, column=1, value=f"{offset - 1}. {line}")
    sheet.column_dimensions["A"].width = 110


def template_csv() -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese header correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([CSV_HEADERS[c] for c in ("indicator", "area", "period", "level", "growth", "unit")])
    indicator = Indicator.objects.first()
    areas = list(Area.objects.all()[:2])
    year = str(timezone.localdate().year - 1)
    for area in areas:
        writer.writerow([indicator.name if indicator else "地区生产总值", area.name, year, "", "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_name(extension: str) -> str:
    return _("经济指标导入模板") + f".{extension}"
