"""Dates in running text ("1 december 2026"), formatted once per date and
language: a list of richtlijnen shows one per row."""

from __future__ import annotations

import datetime
import functools

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def text_date(value):
    """The locale's DATE_FORMAT (`sterkhuis/formats`) for a date; anything
    else (empty, a datetime) as Django's own `date` filter gives it."""
    if type(value) is datetime.date:
        return _text_date(value, get_language())
    return date_format(value, "DATE_FORMAT") if value else ""


@functools.lru_cache(maxsize=4096)
def _text_date(value: datetime.date, language: str | None) -> str:
    return date_format(value, "DATE_FORMAT")
