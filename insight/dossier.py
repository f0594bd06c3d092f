"""The audit dossier of one richtlijn (`/richtlijnen/<slug>/auditdossier.zip`):
everything an auditor asks for, in one ZIP, with a manifest of the SHA-256 of
every file in it (`SHA256SUMS`, checked with `sha256sum -c SHA256SUMS`).

Per published version a PDF of the text as published (number, dates, change
summary, approval, hashes) and its signatures as Excel; the review history
and the audit-log entries about the richtlijn as CSV. The archive is
streamed while it is made: files are written one after another, the
signatures read in chunks into a temporary file, so memory stays flat.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from audit.models import AuditEvent
from core.spreadsheet import csv_text, safe_row, xlsx_cell
from insight.pdf import pdf_from_template
from insight.zipstream import spooled, zip_stream
from policy.models import Guideline, GuidelineVersion, Reminder, Signature

MANIFEST = "SHA256SUMS"

# The approval of a version (four eyes), as (label, value) lines for its
# PDF. The approval model lives with the richtlijnen; a source added here
# (a function of the version returning lines, or nothing) is asked for every
# version, so the dossier shows approvals as soon as they are recorded.
APPROVAL_SOURCES: list[Callable[[GuidelineVersion], list[tuple[str, str]]]] = []


def _approval_from_fields(version: GuidelineVersion) -> list[tuple[str, str]]:
    """Approval fields on the version itself, where the model has them."""
    by = getattr(version, "approved_by", None)
    at = getattr(version, "approved_at", None)
    if not by and not at:
        return []
    lines = [(_("goedgekeurd door"), str(by or ""))]
    if at:
        when = date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT")
        lines.append((_("goedgekeurd op"), when))
    return lines


def approval_lines(version: GuidelineVersion) -> list[tuple[str, str]]:
    for source in [*APPROVAL_SOURCES, _approval_from_fields]:
        lines = source(version)
        if lines:
            return lines
    return []


def _version_pdf(version: GuidelineVersion) -> bytes:
    return pdf_from_template(
        "insight/dossier/version.pdf.html",
        {
            "version": version,
            "guideline": version.guideline,
            "approval": approval_lines(version),
            "questions": list(version.questions.all()),
            "made": timezone.localtime(),
        },
    )


SIGNATURE_COLUMNS = [
    (gettext_lazy("e-mail"), 32),
    (gettext_lazy("naam"), 28),
    (gettext_lazy("afdeling"), 28),
    (gettext_lazy("versie"), 8),
    (gettext_lazy("getekend op"), 18),
    (gettext_lazy("pogingen"), 9),
    (gettext_lazy("sha256 getekende tekst"), 66),
]


def _signature_rows(version: GuidelineVersion) -> Iterator[list]:
    """The signatures given on `version`, as plain columns (no objects: a
    dossier may hold a hundred thousand)."""
    partners = _("Partners in zorg · %(department)s")
    rows = (
        Signature.objects.filter(version=version)
        .order_by("signed_at", "pk")
        .values_list(
            "user__email",
            "user__first_name",
            "user__last_name",
            "user__department__name",
            "user__partnership__pk",
            "user__partnership__contact_person__department__name",
            "signed_at",
            "attempts",
            "text_sha256",
        )
    )
    for (
        email,
        first,
        last,
        department,
        partnership,
        contact,
        at,
        tries,
        sha,
    ) in rows.iterator(chunk_size=5000):
        if partnership is not None:
            department = partners % {"department": contact or _("(geen afdeling)")}
        yield [
            email,
            f"{first} {last}".strip(),
            department or "",
            version.number,
            at,
            tries,
            sha,
        ]


def _signatures_xlsx(version: GuidelineVersion) -> Iterator[bytes]:
    """The signatures given on `version`, as an Excel file written row by
    row (openpyxl's write-only mode) into a temporary file."""

    def write(spool) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Handtekeningen"))
        sheet.freeze_panes = "A2"
        for index, (_title, width) in enumerate(SIGNATURE_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        bold = Font(bold=True)
        header = []
        for title in safe_row(str(t) for t, _w in SIGNATURE_COLUMNS):
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        count = 0
        for row in _signature_rows(version):
            sheet.append([xlsx_cell(sheet, cell) for cell in safe_row(row)])
            count += 1
        last = get_column_letter(len(SIGNATURE_COLUMNS))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
        workbook.save(spool)

    return spooled(write)


def _csv(header: list[str], rows) -> Iterator[bytes]:
    """UTF-8 CSV (with a byte-order mark for Excel), every field quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    buffer.write("\ufeff")
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow([csv_text(cell) for cell in safe_row(row)])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _review_rows(guideline: Guideline, versions: list[GuidelineVersion]):
    """Each publication is a review; then the reminders to review sent to
    the owner, and the review due now."""
    for v in versions:
        yield [
            v.published_at,
            _("gepubliceerd (herzien)"),
            v.number,
            str(v.published_by or ""),
            v.change_summary,
        ]
    reminders = Reminder.objects.filter(
        version__guideline=guideline, kind__startswith="review-"
    ).select_related("user", "version")
    for r in reminders.order_by("sent_at", "pk"):
        yield [
            r.sent_at,
            _("herinnering om te herzien"),
            r.version.number,
            r.user.email,
            r.kind,
        ]
    yield [
        guideline.review_due,
        _("volgende herziening uiterlijk"),
        "",
        str(guideline.owner or ""),
        "",
    ]


def _audit_rows(guideline: Guideline, versions: list[GuidelineVersion]):
    about = Q(object_type=Guideline._meta.label_lower, object_id=str(guideline.pk)) | Q(
        object_type=GuidelineVersion._meta.label_lower,
        object_id__in=[str(v.pk) for v in versions],
    )
    entries = AuditEvent.objects.filter(about).order_by("at", "pk")
    for e in entries.iterator(chunk_size=2000):
        yield [
            e.at,
            e.get_action_display(),
            e.actor_email or e.on_behalf_of_label,
            e.object_type,
            e.object_repr,
            e.ip_address or "",
            json.dumps(e.details, ensure_ascii=False, sort_keys=True),
        ]


def _readme(guideline: Guideline) -> bytes:
    text = _(
        "Auditdossier van de richtlijn „%(title)s” (%(slug)s), gemaakt op %(made)s.\n\n"
        "versie-N/tekst.pdf: de tekst zoals gepubliceerd, met nummer, datums, "
        "samenvatting van de wijziging, goedkeuring en SHA-256.\n"
        "versie-N/handtekeningen.xlsx: de handtekeningen op die versie.\n"
        "herzieningen.csv: de herzieningsgeschiedenis.\n"
        "auditlog.csv: de regels van het auditlog over deze richtlijn.\n"
        "%(manifest)s: de SHA-256 van elk bestand; controleer met "
        "`sha256sum -c %(manifest)s`.\n"
    ) % {
        "title": guideline.title,
        "slug": guideline.slug,
        # To the second and with its offset: when the evidence was gathered.
        "made": date_format(timezone.localtime(), "d-m-Y H:i:s O"),
        "manifest": MANIFEST,
    }
    return text.encode()


def _manifest(written: list[tuple[str, str, int]]) -> tuple[str, bytes]:
    return MANIFEST, "".join(
        f"{digest}  {name}\n" for name, digest, _s in written
    ).encode()


def dossier_files(guideline: Guideline) -> Iterator[tuple[str, Iterator[bytes]]]:
    versions = list(
        guideline.versions.published()
        .select_related("guideline", "published_by")
        .order_by("number")
    )
    yield "LEESMIJ.txt", iter([_readme(guideline)])
    for version in versions:
        folder = f"versie-{version.number:02d}"
        yield f"{folder}/tekst.pdf", iter([_version_pdf(version)])
        yield f"{folder}/handtekeningen.xlsx", _signatures_xlsx(version)
    yield (
        "herzieningen.csv",
        _csv(
            [
                _("moment"),
                _("gebeurtenis"),
                _("versie"),
                _("door of aan"),
                _("toelichting"),
            ],
            _review_rows(guideline, versions),
        ),
    )
    yield (
        "auditlog.csv",
        _csv(
            [
                _("tijdstip"),
                _("gebeurtenis"),
                _("door"),
                _("soort object"),
                _("object"),
                _("IP-adres"),
                _("details"),
            ],
            _audit_rows(guideline, versions),
        ),
    )


def dossier_stream(guideline: Guideline, *, on_produced: Callable[[], None]):
    """The ZIP's bytes as they are made; `on_produced()` once it is complete
    (an archive broken off is not recorded as exported)."""
    yield from zip_stream(dossier_files(guideline), _manifest)
    on_produced()
