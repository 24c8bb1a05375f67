"""Files and figures for the economy tests: CSV and Excel tables in the statistics bureau's layout."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gaoxin.accounts.models import User
from gaoxin.economy import actions
from gaoxin.economy.models import Area

CSV_HEADER = "指标,地区,统计期,总量,同比增长（%）\n"
PEERS = [
    "洛阳高新区",
    "涧西区",
    "西工区",
    "老城区",
    "瀍河区",
    "洛龙区",
    "孟津区",
    "偃师区",
    "新安县",
    "宜阳县",
    "洛宁县",
    "伊川县",
    "嵩县",
    "栾川县",
    "汝阳县",
]


def user(username: str) -> User:
    return User.objects.get(username=username)


def csv_bytes(rows: list[tuple], *, encoding: str = "utf-8") -> bytes:
    """rows of (indicator, area, period, level, growth) → a CSV file in the import format."""
    lines = [",".join("" if v is None else str(v) for v in row) for row in rows]
    return (CSV_HEADER + "\n".join(lines) + "\n").encode(encoding)


def csv_upload(rows: list[tuple], name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def import_csv(rows: list[tuple], *, actor="stats", name: str = "figures.csv"):
    return actions.indicator_import(
        actor=user(actor) if isinstance(actor, str) else actor, file_name=name, content=csv_bytes(rows)
    )


def xlsx_bytes(sheets: dict[str, dict]) -> bytes:
    """{period: {"areas": [...], "rows": [(indicator, unit, [(level, growth) per area])]}} → a workbook laid out like
    the bureau's tables (and the template): period in B1, areas in row 3, 总量 / 同比增长（%） in row 4."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for period, table in sheets.items():
        sheet = workbook.create_sheet(title=table.get("title", period))
        sheet["A1"], sheet["B1"] = "统计期", period
        sheet["A3"], sheet["B3"] = "指标", "单位"
        for index, area in enumerate(table["areas"]):
            column = 3 + 2 * index
            sheet.cell(row=3, column=column, value=area)
            sheet.merge_cells(start_row=3, start_column=column, end_row=3, end_column=column + 1)
            sheet.cell(row=4, column=column, value="总量")
            sheet.cell(row=4, column=column + 1, value="同比增长（%）")
        for offset, (indicator, unit, pairs) in enumerate(table["rows"]):
            row = 5 + offset
            sheet.cell(row=row, column=1, value=indicator)
            sheet.cell(row=row, column=2, value=unit)
            for index, (level, growth) in enumerate(pairs):
                sheet.cell(row=row, column=3 + 2 * index, value=level)
                sheet.cell(row=row, column=4 + 2 * index, value=growth)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def area(code: str) -> Area:
    return Area.objects.select_related("parent").get(code=code)
