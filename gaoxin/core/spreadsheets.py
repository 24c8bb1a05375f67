"""Writing what people typed into a spreadsheet without it becoming a formula (CSV/formula injection, OWASP).

A project name or a report's text that begins with "=", "+", "-", "@", a tab or a carriage return would be read by
Excel or WPS as a formula (openpyxl even stores a leading "=" as one): `=HYPERLINK(...)` in an export is a link the
next reader clicks. Such a cell is written as text, with the quote prefix a spreadsheet shows as a leading '.
"""

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
