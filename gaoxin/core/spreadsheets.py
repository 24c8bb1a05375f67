"""Writing what people typed into a spreadsheet without it becoming a formula (CSV/formula injection, OWASP).

A project name or a report's text that begins with "=", "+", "-", "@", a tab or a carriage return would be read by
Excel or WPS as a formula (openpyxl even stores a leading "=" as one): `=HYPERLINK(...)` in an export is a link the
next reader clicks. Such a cell is written as text, with the quote prefix a spreadsheet shows as a leading '.
"""

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell) -> None:
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet, values) -> None:
    """sheet.append(values), with every formula-like string kept as the text it is. A write-only sheet (a large
    export streamed row by row) gets its cells made here, as it keeps no row to go back to."""
    if sheet.parent.write_only:
        cells = [WriteOnlyCell(sheet, value) for value in values]
        for cell in cells:
            _as_text(cell)
        sheet.append(cells)
        return
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        _as_text(cell)
