"""Exports for auditors: who signed a version, and who has not.

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from policy.approval import approvals_counting_for
from policy.compliance import Scope
from policy.models import GuidelineVersion, Signature, local_today

FORMULA_START = ("=", "+", "-", "@")
# Where a spreadsheet may start a new cell when it splits text: the list
# separators (Dutch Excel uses ";"), tabs and line breaks.
SEPARATORS = ";,|\t\n\r\v\f"
_SEPARATOR = re.escape(SEPARATORS)
_FORMULA_CHAR = re.escape("".join(FORMULA_START))
_FORMULA = re.compile(f"(^|[{_SEPARATOR}])([ ]*)(?=[{_FORMULA_CHAR}])")
# C0 and C1 control characters and DEL: Excel refuses most of them in a
# cell (openpyxl raises), and none belongs in a name or a job title.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
PASS_THROUGH = (int, float, decimal.Decimal, datetime.date, datetime.time)


def neutralise(value):
    """The one rule for a safe spreadsheet cell, for CSV and Excel alike.

    Numbers and dates pass unchanged. Text is made inert: wherever a formula
    could start (the beginning, or after any separator a spreadsheet may split
    on) it gets an apostrophe, and control characters become spaces.
    """
    if value is None:
        return ""
    if isinstance(value, PASS_THROUGH) and not isinstance(value, bool):
        return value
    text = _FORMULA.sub(r"\1\2'", str(value))
    return _CONTROL.sub(" ", text)


def safe_row(row: Iterable) -> list:
    return [neutralise(cell) for cell in row]


SIGNATURE_HEADER = [
    _("e-mail"),
    _("naam"),
    _("afdeling"),
    _("versie"),
    _("getekend op"),
    _("sha256 getekende tekst"),
    _("goedgekeurd door"),
    _("goedgekeurd op"),
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


def group_of(user) -> str:
    """The "afdeling" column: a member of staff's department; for a partner in
    zorg their group, named after the contact person's department (as on the
    dashboard)."""
    partnership = getattr(user, "partnership", None)
    if partnership is not None:
        department = partnership.contact_person.department
        return _("Partners in zorg · %(department)s") % {
            "department": department.name if department else _("(geen afdeling)")
        }
    return user.department.name if user.department else ""


def signature_rows(
    version: GuidelineVersion, scope: Scope, approvals: dict | None = None
) -> Iterator[list]:
    """One row per signature that counts for `version`, carried-over ones
    included (their version column says which version was signed)."""
    signatures = (
        Signature.objects.counting_for(version)
        .filter(user__in=scope.people())
        .select_related(
            "user__department",
            "user__partnership__contact_person__department",
            "version",
        )
        .order_by("signed_at", "pk")
    )
    # Who approved each version a counting signature is on (four eyes).
    if approvals is None:
        approvals = approvals_counting_for(version)
    for s in signatures.iterator(chunk_size=2000):
        approval = approvals.get(s.version_id)
        yield [
            s.user.email,
            s.user.get_full_name(),
            group_of(s.user),
            s.version.number,
            timezone.localtime(s.signed_at),
            s.text_sha256,
            approval_by(approval),
            approval.decided_at if approval else "",
        ]


def approval_by(approval) -> str:
    """The "goedgekeurd door" cell: the reviewer, or how it was published
    without one."""
    if approval is None:
        return ""
    if approval.decided_by is None:
        return approval.get_decision_display()
    return approval.decided_by.get_full_name() or approval.decided_by.email


def unsigned_rows(version: GuidelineVersion, scope: Scope) -> Iterator[list]:
    today = local_today()
    late = max(0, (today - version.signing_deadline).days)
    users = (
        version.unsigned(scope.people())
        .select_related("department", "partnership__contact_person__department")
        .order_by("department__name", "last_name", "first_name", "pk")
    )
    for user in users.iterator(chunk_size=2000):
        yield [
            user.email,
            user.get_full_name(),
            group_of(user),
            user.job_title,
            version.number,
            version.signing_deadline,
            late,
        ]


# Widths (in characters) of the Excel columns, by header position.
SIGNATURE_WIDTHS = [34, 28, 24, 8, 18, 66, 28, 18]
UNSIGNED_WIDTHS = [34, 28, 24, 24, 8, 14, 12]

XLSX_DATE = "DD-MM-YYYY"
XLSX_DATETIME = "DD-MM-YYYY HH:MM"


@dataclass(frozen=True)
class About:
    """What an export holds, written into the workbook beside the rows."""

    title: str
    version: GuidelineVersion
    scope: str
    by: str
    approval: str = ""  # who approved the version (four eyes), if shown

    def rows(self, now: datetime.datetime) -> list[tuple[str, object]]:
        return [
            (gettext("Export"), self.title),
            (gettext("Richtlijn"), self.version.guideline.title),
            (gettext("Versie"), self.version.number),
            (gettext("Bereik"), self.scope),
            (gettext("Geëxporteerd op"), now),
            (gettext("Geëxporteerd door"), self.by),
            *([(gettext("Vrijgave"), self.approval)] if self.approval else []),
        ]


def csv_text(value):
    """A safe cell as CSV text: times to the second with their UTC offset,
    dates as ISO 8601 (machine-readable); the rest as it is."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def xlsx_cell(sheet, value):
    """A safe cell for Excel: dates and times as real date cells in local time
    (Excel knows no time zones), shown as the portal's tables show them."""
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
    """`rows` made safe, then `on_produced()` once the last row is out: an
    export that failed or was broken off is not recorded as made."""
    for row in rows:
        yield safe_row(row)
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
            yield writer.writerow([csv_text(cell) for cell in row])

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
    for title in safe_row(str(title) for title in header):
        cell = WriteOnlyCell(sheet, value=title)
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
                info.append([name, xlsx_cell(info, neutralise(value))])
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
