"""Working days, Monday to Friday: the clock of deadlines people work to."""

from __future__ import annotations

import datetime


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """`days` working days (Monday to Friday) after `start`; with 0 days, the
    same day, or the next working day when `start` falls in a weekend."""
    day = start
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    added = 0
    while added < days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    return day
