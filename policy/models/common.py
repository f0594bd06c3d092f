"""What every model module of the richtlijnen shares: the refusal of
frozen records and the calendar helpers."""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete a frozen record.

    Published versions and signatures are evidence: what an employee signed
    must stay exactly what they saw.
    """


def local_today() -> datetime.date:
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months; 31 January + 1 is 28/29 February."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
