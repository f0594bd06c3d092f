"""The management report as PDF (WeasyPrint, with its charts) and as Excel
(a sheet per part, and one saying what the report covers)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core import charts
from core.spreadsheet import XLSX_DATE, XLSX_DATETIME, safe_row
from insight.pdf import pdf_from_template
from insight.report import ComplianceLine, Report


def report_charts(report: Report) -> dict:
    return {
        "shares": charts.bar_chart(
            _("Aandeel getekend per richtlijn aan het eind van de periode"),
            [
                (line.guideline, line.now.percent or 0, f"{line.now.percent or 0}%")
                for line in report.totals
            ],
            maximum=100,
        ),
        "signals": charts.bar_chart(
            _("Meldingen per soort in de periode"),
            [(kind, n, str(n)) for kind, n in report.signals.items()],
        ),
        "breaches": charts.bar_chart(
            _("Datalekken in de periode"),
            [
                (
                    _("datalekken"),
                    report.breaches["count"],
                    str(report.breaches["count"]),
                ),
                (
                    _("gemeld bij de AP"),
                    report.breaches["notified"],
                    str(report.breaches["notified"]),
                ),
                (
                    _("besloten binnen 72 uur"),
                    report.breaches["in_time"],
                    str(report.breaches["in_time"]),
                ),
            ],
        ),
    }


def report_pdf(report: Report) -> bytes:
    return pdf_from_template(
        "insight/report.pdf.html", {"report": report, "charts": report_charts(report)}
    )


def _sheet(workbook, title: str, header: list[str], rows, widths: list[int]):
    sheet = workbook.create_sheet(title)
    sheet.append(safe_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", widths, strict=False):
        sheet.column_dimensions[column].width = width
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    return sheet


def _compliance_row(line: ComplianceLine) -> list:
    before = line.before.percent if line.before else None
    return [
        line.guideline,
        line.version,
        line.group,
        line.now.signed,
        line.now.audience,
        line.now.percent,
        before,
        line.change,
        line.overdue,
    ]


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Naleving"),
        [_("richtlijn"), _("versie"), _("afdeling"), _("getekend"), _("doelgroep"),
         _("percentage"), _("vorige periode"), _("verschil"), _("te laat")],
        [_compliance_row(line) for line in [*report.totals, *report.lines]],
        [32, 8, 32, 10, 10, 11, 14, 10, 9],
    )  # fmt: skip
    reviews = _sheet(
        workbook,
        _("Herzieningen"),
        [_("richtlijn"), _("herzien vóór"), _("eigenaar"), _("stand")],
        [
            [g.title, g.review_due, str(g.owner or ""), _("te laat")]
            for g in report.reviews_overdue
        ]
        + [
            [g.title, g.review_due, str(g.owner or ""), _("binnen 30 dagen")]
            for g in report.reviews_due
        ],
        [32, 14, 30, 16],
    )
    for (cell,) in reviews.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = XLSX_DATE
    _sheet(
        workbook,
        _("Scenariovragen"),
        [_("richtlijn"), _("situatie"), _("eerste keer fout"), _("getekend")],
        [list(q) for q in report.questions],
        [32, 80, 16, 10],
    )
    _sheet(
        workbook,
        _("Meldingen"),
        [_("soort"), _("meldingen")],
        list(report.signals.items()),
        [50, 12],
    )
    _sheet(
        workbook,
        _("Datalekken"),
        [
            _("datalekken"),
            _("gemeld bij de AP"),
            _("besloten binnen 72 uur"),
            _("nog geen besluit"),
        ],
        [[report.breaches[k] for k in ("count", "notified", "in_time", "undecided")]],
        [12, 18, 22, 18],
    )
    about = _sheet(
        workbook,
        _("Over dit rapport"),
        [_("wat"), _("waarde")],
        [
            [_("rapport"), _("Managementrapportage naleving")],
            [_("van"), report.period.since],
            [_("tot en met"), report.period.until],
            [_("gemaakt op"), report.made.replace(tzinfo=None)],
            *[[_("let op"), note] for note in report.period.notes],
        ],
        [20, 60],
    )
    for (cell,) in about.iter_rows(min_row=3, max_row=5, min_col=2, max_col=2):
        cell.number_format = XLSX_DATETIME if cell.row == 5 else XLSX_DATE
    workbook.properties.title = _("Managementrapportage naleving")
    workbook.properties.creator = "Sterk Huis"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
