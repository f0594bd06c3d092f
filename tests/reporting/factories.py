"""Signals for tests: one through the service as a reporter sends it, the
form's data, or thousands in bulk."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from reporting.models import Priority, Signal, SignalEvent, Status
from reporting.submission import signal_submit


def make_signal(reporter, **overrides):
    data = {
        "kind": "kritiek",
        "title": "Kritiek op Facebook",
        "description": "Een boze reactie onder ons bericht.",
        "url": "https://www.facebook.com/sterkhuis/posts/2",
        "platform": "facebook",
    }
    data.update(overrides)
    return signal_submit(reporter=reporter, **data)


def form_data(**overrides):
    data = {
        "kind": "kritiek",
        "title": "Negatieve reactie onder ons bericht",
        "description": "Iemand schrijft dat pleegouders niet gehoord worden.",
        "url": "https://www.facebook.com/sterkhuis/posts/1",
        "platform": "facebook",
        "seen_on": "",
        "submission_key": str(uuid.uuid4()),
        "pending": "",
    }
    data.update(overrides)
    return data


def bulk_signals(reporter, assignee, count: int) -> None:
    now = timezone.now()
    statuses = list(Status)
    signals = Signal.objects.bulk_create(
        Signal(
            reporter=reporter,
            assignee=assignee if n % 2 else None,
            kind="kritiek",
            title=f"Melding {n}",
            description="Tekst",
            url="https://example.com/",
            platform="facebook",
            status=statuses[n % len(statuses)],
            priority=list(Priority)[n % 3],
            answer="Antwoord" if statuses[n % len(statuses)] == Status.HANDLED else "",
            closing_reason="Reden",
            due_date=(now + datetime.timedelta(days=n % 20 - 10)).date(),
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(count)
    )
    SignalEvent.objects.bulk_create(
        SignalEvent(signal=s, actor=reporter, field="created", new_value="nieuw")
        for s in signals
    )
