"""Dates in running text ("1 december 2026"), formatted once per date and
language: a list of richtlijnen shows one per row."""

from __future__ import annotations

import datetime
import functools

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def text_date(value):
    """A date in the active language's DATE_FORMAT (`sterkhuis/formats`); a
    moment by its local day; nothing for no date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return _text_date(value, get_language())


@functools.lru_cache(maxsize=4096)
def _text_date(value: datetime.date, language: str | None) -> str:
    return date_format(value, "DATE_FORMAT")
