"""The compliance pages' bar: drawn in Python, as a page can show hundreds."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def bar(percent: int):
    """A bar of `percent` with the figure beside it. A tag, not an included
    template: the overview draws one per department."""
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'role="img" aria-label="{}% {}"><rect class="bar-track" width="100" '
        'height="10"/><rect class="bar-fill{}" width="{}" height="10"/></svg> '
        '<span class="percent">{}%</span>',
        percent,
        gettext("getekend"),
        " bar-full" if percent == 100 else "",
        percent,
        percent,
    )
