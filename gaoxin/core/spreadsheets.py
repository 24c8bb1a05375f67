"""Spreadsheets in and out. In: an uploaded .xlsx opened only after its zip directory passed the limits of
gaoxin.core.uploads (no decompression bomb), read row by row within the cell limit, by its header row. Out: what people
typed written without it becoming a formula (CSV/formula injection, OWASP).

A project name or a report's text that begins with "=", "+", "-", "@", a tab or a carriage return would be read by
Excel or WPS as a formula (openpyxl even stores a leading "=" as one): `=HYPERLINK(...)` in an export is a link the
next reader clicks. Such a cell is written as text, with the quote prefix a spreadsheet shows as a leading '.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.errors import DomainError
from gaoxin.core.uploads import bounded_rows, check_zip_archive

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    reasons: list[str]

    def __str__(self) -> str:
        return _("“%(sheet)s”第 %(row)s 行：%(reasons)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "reasons": "；".join(self.reasons),
        }


class ImportRejected(DomainError):
    """A file with bad rows (imports are all or nothing): nothing was imported; errors lists every bad row."""

    def __init__(self, errors: list[RowError]):
        super().__init__(
            _("导入未执行：%(n)s 行有误，未导入任何数据。请改正后重新导入。") % {"n": len(errors)}, field="file"
        )
        self.errors = errors


def cell_text(value) -> str:
    """A cell as the text a person sees: a whole number typed into a text column (a phone, a code) without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def open_xlsx(file):
    """A read-only workbook of the uploaded file, its archive checked first; a clear error for anything else."""
    check_zip_archive(file)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:
        raise DomainError(_("无法读取文件：请上传 .xlsx 格式的 Excel 文件"), field="file") from None


def rows_by_header(sheet) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header row's names, and each non-blank row below as (its row number, {header: cell})."""
    rows = bounded_rows(sheet.iter_rows(values_only=True))
    header = [cell_text(h) for h in next(rows, ())]
    out = []
    for number, cells in enumerate(rows, start=2):
        if all(cell_text(c) == "" for c in cells):
            continue
        out.append((number, {h: cells[i] if i < len(cells) else None for i, h in enumerate(header) if h}))
    return header, out


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _as_text(cell):
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def append_row(sheet, values) -> None:
    """sheet.append(values), with every formula-like string kept as the text it is. A write-only sheet (a large
    export streamed row by row) keeps no row to go back to: those values go in as cells made here."""
    if sheet.parent.write_only:
        sheet.append([_as_text(WriteOnlyCell(sheet, v)) if formula_like(v) else v for v in values])
        return
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if formula_like(cell.value):
            _as_text(cell)
