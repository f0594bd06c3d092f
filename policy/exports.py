"""Exports for auditors: who signed a version, and who has not.

CSV is streamed row by row; the Excel file is written row by row to a
temporary file (openpyxl's write-only mode) and streamed from there, so
neither is built in memory whatever the number of staff.

Rows hold typed values (dates, times, numbers); each format writes them its
own way: CSV machine-readable (ISO 8601 to the second), Excel as real date
cells shown as the portal's tables show them (01-12-2026 20:54).
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from policy.compliance import Scope, unsigned_users
from policy.models import GuidelineVersion, Signature, local_today

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a
    leading apostrophe (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


SIGNATURE_HEADER = [
    _("e-mail"),
    _("naam"),
    _("afdeling"),
    _("versie"),
    _("getekend op"),
    _("sha256 getekende tekst"),
]
UNSIGNED_HEADER = [
    _("e-mail"),
    _("naam"),
    _("afdeling"),
    _("functie"),
    _("versie"),
    _("tekenen vóór"),
    _("dagen te laat"),
]


def signature_rows(version: GuidelineVersion, scope: Scope) -> Iterator[list]:
    """One row per signature that counts for `version`, carried-over ones
    included (their version column says which version was signed)."""
    signatures = (
        Signature.objects.counting_for(version)
        .filter(user__in=scope.users())
        .select_related("user__department", "version")
        .order_by("signed_at", "pk")
    )
    for s in signatures.iterator(chunk_size=2000):
        yield [
            s.user.email,
            s.user.get_full_name(),
            s.user.department.name if s.user.department else "",
            s.version.number,
            timezone.localtime(s.signed_at),
            s.text_sha256,
        ]


def unsigned_rows(version: GuidelineVersion, scope: Scope) -> Iterator[list]:
    today = local_today()
    late = max(0, (today - version.signing_deadline).days)
    users = (
        unsigned_users(version, scope)
        .select_related("department")
        .order_by("department__name", "last_name", "first_name", "pk")
    )
    for user in users.iterator(chunk_size=2000):
        yield [
            user.email,
            user.get_full_name(),
            user.department.name if user.department else "",
            user.job_title,
            version.number,
            version.signing_deadline,
            late,
        ]


# Widths (in characters) of the Excel columns, by header position.
SIGNATURE_WIDTHS = [34, 28, 24, 8, 18, 66]
UNSIGNED_WIDTHS = [34, 28, 24, 24, 8, 14, 12]

XLSX_DATE = "DD-MM-YYYY"
XLSX_DATETIME = "DD-MM-YYYY HH:MM"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class About:
    """What an export holds, written into the workbook beside the rows."""

    title: str
    version: GuidelineVersion
    scope: str
    by: str

    def rows(self, now: datetime.datetime) -> list[tuple[str, object]]:
        return [
            (gettext("Export"), self.title),
            (gettext("Richtlijn"), self.version.guideline.title),
            (gettext("Versie"), self.version.number),
            (gettext("Bereik"), self.scope),
            (gettext("Geëxporteerd op"), now),
            (gettext("Geëxporteerd door"), self.by),
        ]


def csv_cell(value) -> str:
    """A value as CSV text: times to the second with their UTC offset, dates
    as ISO 8601, text neutralised."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def xlsx_cell(sheet, value):
    """A value as an Excel cell: dates and times as real date cells (local
    time; Excel knows no time zones), numbers as numbers, text neutralised."""
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(
            sheet, value=timezone.localtime(value).replace(tzinfo=None)
        )
        cell.number_format = XLSX_DATETIME
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE
        return cell
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]):
    writer = csv.writer(_Echo())
    # Translated now: the body streams after the view has returned.
    header = [str(title) for title in header]

    def lines():
        yield "\ufeff"  # so Excel reads the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str,
    header: list[str],
    rows: Iterable[list],
    sheet_title=None,
    *,
    widths: list[int] = (),
    about: About | None = None,
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
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(sheet, cell) for cell in row])
        count += 1
    # The filter is written after the rows, so its range can be exact.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    if about is not None:
        now = timezone.now()
        info = workbook.create_sheet(gettext("Over deze export"))
        info.column_dimensions["A"].width = 20
        info.column_dimensions["B"].width = 50
        for label, value in about.rows(now):
            name = WriteOnlyCell(info, value=label)
            name.font = bold
            info.append([name, xlsx_cell(info, value)])
        workbook.properties.title = about.title
        workbook.properties.creator = "Sterk Huis"
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
