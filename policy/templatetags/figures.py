"""The compliance pages' bar: drawn in Python, as a page can show hundreds."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def bar(percent: int):
    """A bar of `percent` (a whole number, 0–100) with the figure beside it.
    A tag, not an included template: the overview draws one per department."""
    percent = int(percent)
    full = " bar-full" if percent == 100 else ""
    return mark_safe(  # the only text, the translated word, is escaped
        f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{percent}% {escape(gettext("getekend"))}">'
        f'<rect class="bar-track" width="100" height="10"/>'
        f'<rect class="bar-fill{full}" width="{percent}" height="10"/></svg> '
        f'<span class="percent">{percent}%</span>'
    )
