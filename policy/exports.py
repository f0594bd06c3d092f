"""Exports as files: CSV and Excel, their cells made safe for a spreadsheet.

CSV is streamed row by row; the Excel file is written row by row to a
temporary file (openpyxl's write-only mode) and streamed from there, so
neither is built in memory whatever the number of staff.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import re
import tempfile
from collections.abc import Callable, Iterable

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@")
# The one mark a CSV value gets where a spreadsheet would run it as a
# formula: an apostrophe in front, the sign spreadsheets themselves use for
# "this is text".
CSV_MARK = "'"
# Where a spreadsheet may start a new cell when it splits a CSV line: the
# list separators (Dutch Excel uses ";", even in a file written with ",") and
# tabs. A line break inside a quoted value stays inside its cell.
SEPARATORS = ";,|\t"
_SEPARATOR = re.escape(SEPARATORS)
# A formula sign at the start of a piece, unless the piece is a plain number
# ("-2", "+3,5"), which a spreadsheet reads as that number.
_FORMULA = re.compile(
    f"(^|[{_SEPARATOR}])([ ]*)"
    f"(?=[=@]|[+-](?![0-9]+(?:[.,][0-9]+)?(?:[{_SEPARATOR}]|$)))"
)
# Control characters but tab and line break: Excel refuses most of them in a
# cell, and none belongs in a name or a job title.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PASS_THROUGH = (int, float, decimal.Decimal, datetime.date, datetime.time)
WRAP = Alignment(wrap_text=True, vertical="top")


def _text(value) -> str:
    """Text as a cell holds it: one kind of line break, no control
    characters."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def neutralise(value):
    """The one rule for a safe CSV value.

    Numbers and dates pass unchanged. Text keeps its words, its line breaks
    and its bullets; only where a spreadsheet would run it as a formula (at
    the start, or after a separator it may split on) it gets `CSV_MARK`.
    Control characters become spaces. An Excel export needs none of this:
    its text cells are text (see `xlsx_cell`).
    """
    if value is None:
        return ""
    if isinstance(value, PASS_THROUGH) and not isinstance(value, bool):
        return value
    return _FORMULA.sub(rf"\1\2{CSV_MARK}", _text(value))


def safe_row(row: Iterable) -> list:
    return [neutralise(cell) for cell in row]


XLSX_DATE = "DD-MM-YYYY"
XLSX_DATETIME = "DD-MM-YYYY HH:MM"


def csv_text(value):
    """A safe cell as CSV text: times to the second with their UTC offset,
    dates as ISO 8601 (machine-readable); the rest as it is."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def xlsx_cell(sheet, value):
    """A cell for Excel: dates and times as real date cells in local time
    (Excel knows no time zones), shown as the portal's tables show them;
    text as a text cell, never a formula whatever it starts with, unchanged
    but for control characters, and wrapped where it has line breaks."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, PASS_THROUGH + (bool,)):
        text = _text(value)
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl took a leading "=" for a formula
        if "\n" in text:
            cell.alignment = WRAP
        return cell
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=local)
        cell.number_format = XLSX_DATETIME
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE
        return cell
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _produced(rows: Iterable[list], on_produced: Callable[[], None] | None):
    """`rows`, then `on_produced()` once the last row is out: an export that
    failed or was broken off is not recorded as made."""
    yield from rows
    if on_produced is not None:
        on_produced()


def csv_response(
    filename: str,
    header: list[str],
    rows: Iterable[list],
    *,
    on_produced: Callable[[], None] | None = None,
):
    # Every field quoted: a separator inside a value never starts a new cell.
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    # Translated now: the body streams after the view has returned.
    header = safe_row(str(title) for title in header)

    def lines():
        yield "\ufeff"  # so Excel reads the file as UTF-8
        yield writer.writerow(header)
        for row in _produced(rows, on_produced):
            yield writer.writerow([csv_text(cell) for cell in safe_row(row)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str,
    header: list[str],
    rows: Iterable[list],
    sheet_title=None,
    *,
    on_produced: Callable[[], None] | None = None,
    widths: list[int] = (),
    about=None,  # what the workbook says of the rows: `.rows(now)`
):
    """A workbook with a frozen header row, a filter over the columns, set
    column widths, and (with `about`) a second sheet saying what was
    exported, for whom and when."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title or gettext("Niet getekend")))
    # Write-only sheets take their layout before the first row.
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = xlsx_cell(sheet, str(title))
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    spool = tempfile.TemporaryFile()
    try:
        count = 0
        for row in _produced(rows, None):
            sheet.append([xlsx_cell(sheet, cell) for cell in row])
            count += 1
        # The filter is written after the rows, so its range can be exact.
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
        if about is not None:
            info = workbook.create_sheet(gettext("Over deze export"))
            info.column_dimensions["A"].width = 20
            info.column_dimensions["B"].width = 50
            for label, value in about.rows(timezone.now()):
                name = WriteOnlyCell(info, value=label)
                name.font = bold
                info.append([name, xlsx_cell(info, value)])
            workbook.properties.title = about.title
            workbook.properties.creator = "Sterk Huis"
        workbook.save(spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    if on_produced is not None:
        on_produced()
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
