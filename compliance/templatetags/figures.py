"""The compliance pages' long tables, with their bars, drawn in Python.

The overview shows a row per richtlijn in force and per department: at
50,000 staff some 30 and 100 rows. A template loop resolves every variable of
every row through the template engine (about 90 µs a row); these tags write
the same markup with `format_html`, which escapes every value it is given,
in a fraction of that (docs/performance.md). The tables' headers stay in the
templates.
"""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.addresses import remembered_reverse

register = template.Library()


def _bar(percent: int, label: str) -> SafeString:
    """A bar of `percent` (a whole number, 0–100) with the figure beside it;
    `label` is the word after the figure for screen readers."""
    percent = int(percent)
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'role="img" aria-label="{}% {}">'
        '<rect class="bar-track" width="100" height="10"/>'
        '<rect class="bar-fill{}" width="{}" height="10"/></svg> '
        '<span class="percent">{}%</span>',
        percent,
        label,
        " bar-full" if percent == 100 else "",
        percent,
        percent,
    )


def _bar_label() -> str:
    return gettext("getekend")


def _rows(rows) -> SafeString:
    """The rows (each made by `format_html`) one a line."""
    return format_html_join("\n", "{}", ((row,) for row in rows))


@register.simple_tag
def department_rows(departments) -> SafeString:
    """A table's rows of departments (`DepartmentRow`s): name, linked where
    the department has a page, signed out of the audience, and the bar."""
    signed_label = gettext("Getekend")
    bar_label = _bar_label()

    def row(d) -> SafeString:
        heading = format_html('<a href="{}">{}</a>', d.url, d.name) if d.url else d.name
        return format_html(
            '<tr data-department="{}"><th scope="row">{}</th>'
            '<td data-label="{}">{} / {}</td>'
            '<td class="bar-col" data-label="%">{}</td></tr>',
            d.name,
            heading,
            signed_label,
            int(d.signed),
            int(d.audience),
            _bar(d.percent, bar_label),
        )

    return _rows(row(d) for d in departments)


@register.simple_tag
def guideline_rows(rows) -> SafeString:
    """The overview's rows of richtlijnen in force (`VersionTotal`s): link to
    the richtlijn's figures, deadline, signed out of the audience, the bar
    and the number of departments not yet done."""
    deadline_label = gettext("Tekenen vóór")
    signed_label = gettext("Getekend")
    behind_label = gettext("Afdelingen niet rond")
    late_badge = format_html(
        ' <span class="badge badge-danger">{}</span>', gettext("termijn verstreken")
    )
    bar_label = _bar_label()

    def row(row) -> SafeString:
        version = row.version
        slug = version.guideline.slug
        deadline = version.signing_deadline
        return format_html(
            '<tr data-guideline="{}"><th scope="row">'
            '<a href="{}">{}</a> <span class="meta">{}</span></th>'
            '<td data-label="{}">{}{}</td>'
            '<td data-label="{}"><strong class="figure" data-version="{}">'
            "{} / {}</strong></td>"
            '<td class="bar-col" data-label="%">{}</td>'
            '<td data-label="{}">{}</td></tr>',
            slug,
            remembered_reverse("compliance:guideline", slug),
            version.guideline.title,
            gettext("versie %(number)s") % {"number": version.number},
            deadline_label,
            date_format(deadline, "DATE_FORMAT") if deadline else "",
            late_badge if row.overdue else "",
            signed_label,
            int(version.pk),
            int(row.signed),
            int(row.audience),
            _bar(row.percent, bar_label),
            behind_label,
            int(row.departments_behind),
        )

    return _rows(row(r) for r in rows)


@register.simple_tag
def overdue_rows(overdue) -> SafeString:
    """The rows of the list of people whose signature is overdue (`Overdue`s)."""
    department_label = gettext("Afdeling")
    guideline_label = gettext("Richtlijn")
    days_label = gettext("Dagen te laat")

    def row(item) -> SafeString:
        return format_html(
            '<tr><td class="card-head"><a href="{}">{}</a></td>'
            '<td data-label="{}">{}</td>'
            '<td data-label="{}">{}</td>'
            '<td data-label="{}">{}</td></tr>',
            remembered_reverse("compliance:person", item.user_id),
            item.name,
            department_label,
            item.department,
            guideline_label,
            item.version.guideline.title,
            days_label,
            int(item.days),
        )

    return _rows(row(item) for item in overdue)
