from __future__ import annotations

import datetime

from core.workdays import add_working_days


def test_add_working_days_skips_weekends():
    friday = datetime.date(2026, 11, 27)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 30)
    assert add_working_days(friday, 0) == friday


def test_a_weekend_start_counts_from_monday():
    saturday = datetime.date(2026, 11, 28)
    assert add_working_days(saturday, 0) == datetime.date(2026, 11, 30)
    assert add_working_days(saturday, 5) == datetime.date(2026, 12, 7)
