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

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

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
]
UNSIGNED_HEADER = [
    _("e-mail"),
    _("naam"),
    _("afdeling"),
    _("functie"),
    _("versie"),
    _("tekenen voor"),
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


def signature_rows(version: GuidelineVersion, scope: Scope) -> Iterator[list]:
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
    for s in signatures.iterator(chunk_size=2000):
        yield [
            s.user.email,
            s.user.get_full_name(),
            group_of(s.user),
            s.version.number,
            timezone.localtime(s.signed_at).isoformat(),
            s.text_sha256,
        ]


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
            version.signing_deadline.isoformat(),
            late,
        ]


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
            yield writer.writerow(row)

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
):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title or gettext("Niet getekend")))
    sheet.append(safe_row(str(title) for title in header))
    spool = tempfile.TemporaryFile()
    try:
        for row in _produced(rows, None):
            sheet.append(row)
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
