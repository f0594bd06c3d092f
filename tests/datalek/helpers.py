"""Breach records for the register's tests, and what their form posts."""

from __future__ import annotations

import datetime

from django.utils import timezone

from datalek.models import Breach, Status
from tests.reporting.factories import make_signal

START = datetime.datetime(2026, 3, 6, 14, 0, tzinfo=datetime.UTC)  # a Friday


def breach_of(reporter, **overrides) -> Breach:
    return make_signal(reporter, possible_breach=True, **overrides).breach


def local_minute(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def edit_data(breach: Breach, **overrides) -> dict:
    """What the record's form posts. The status is not asked: `status`
    CLOSED ticks the close box, any other leaves it empty."""
    status = overrides.pop("status", breach.status)
    data = {
        "aware_at": local_minute(breach.aware_at),
        "aware_at_reason": "",
        "description": "Een foto met een herkenbaar pleegkind, twee uur online.",
        "people_count": "1",
        "consequences": "",
        "measures_taken": "Foto verwijderd.",
        "measures_planned": "",
        "decision": "",
        "decision_reason": "",
        "ap_notified_at": "",
        "ap_reference": "",
        "subjects_informed": "",
        "subjects_informed_reason": "",
        "people_categories": ["pleegkinderen"],
        "data_categories": ["beeld"],
    }
    if status == Status.CLOSED:
        data["close"] = "on"
    data.update(overrides)
    return data
