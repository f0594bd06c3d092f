"""The compliance pages' bars and long tables, drawn in Python.

The overview shows a row per richtlijn in force and per department: at
50,000 staff some 30 and 100 rows. A template loop resolves every variable of
every row through the template engine (about 90 µs a row); these tags write
the same markup with `format_html`, which escapes every value, in a tenth of
that. The markup lives here, next to the tables' headers in the templates.
"""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.addresses import remembered_reverse

register = template.Library()


@register.simple_tag
def bar(percent: int) -> SafeString:
    """A bar of `percent` (a whole number, 0–100) with the figure beside it."""
    percent = int(percent)
    full = " bar-full" if percent == 100 else ""
    return mark_safe(  # the only text, the translated word, is escaped
        f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{percent}% {escape(gettext("getekend"))}">'
        f'<rect class="bar-track" width="100" height="10"/>'
        f'<rect class="bar-fill{full}" width="{percent}" height="10"/></svg> '
        f'<span class="percent">{percent}%</span>'
    )


def _rows(rows) -> SafeString:
    return mark_safe("\n".join(rows))  # each row is built by format_html


@register.simple_tag
def department_rows(departments) -> SafeString:
    """A table's rows of departments (`DepartmentRow`s): name, linked where
    the department has a page, signed out of the audience, and the bar."""
    signed_label = gettext("Getekend")
    return _rows(
        format_html(
            '<tr data-department="{}"><th scope="row">{}</th>'
            '<td data-label="{}">{} / {}</td>'
            '<td class="bar-col" data-label="%">{}</td></tr>',
            d.name,
            format_html('<a href="{}">{}</a>', d.url, d.name) if d.url else d.name,
            signed_label,
            d.signed,
            d.audience,
            bar(d.percent),
        )
        for d in departments
    )


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
    return _rows(
        format_html(
            '<tr data-guideline="{}"><th scope="row"><a href="{}">{}</a> '
            '<span class="meta">{}</span></th>'
            '<td data-label="{}">{}{}</td>'
            '<td data-label="{}"><strong class="figure" data-version="{}">'
            "{} / {}</strong></td>"
            '<td class="bar-col" data-label="%">{}</td>'
            '<td data-label="{}">{}</td></tr>',
            row.version.guideline.slug,
            remembered_reverse("compliance:guideline", row.version.guideline.slug),
            row.version.guideline.title,
            gettext("versie %(number)s") % {"number": row.version.number},
            deadline_label,
            date_format(row.version.signing_deadline, "DATE_FORMAT")
            if row.version.signing_deadline
            else "",
            late_badge if row.overdue else "",
            signed_label,
            row.version.pk,
            row.signed,
            row.audience,
            bar(row.percent),
            behind_label,
            row.departments_behind,
        )
        for row in rows
    )


@register.simple_tag
def overdue_rows(overdue) -> SafeString:
    """The rows of the list of people whose signature is overdue (`Overdue`s)."""
    department_label = gettext("Afdeling")
    guideline_label = gettext("Richtlijn")
    days_label = gettext("Dagen te laat")
    return _rows(
        format_html(
            '<tr><td class="card-head"><a href="{}">{}</a></td>'
            '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
            '<td data-label="{}">{}</td></tr>',
            remembered_reverse("compliance:person", item.user_id),
            item.name,
            department_label,
            item.department,
            guideline_label,
            item.version.guideline.title,
            days_label,
            item.days,
        )
        for item in overdue
    )
