"""A signal comes in: stored with its attachments, PR en communicatie told."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from outbox import services as outbox
from reporting.attachments import CheckedFile
from reporting.hooks import possible_breach_raised
from reporting.models import (
    Attachment,
    Priority,
    Signal,
    SignalEvent,
    Status,
    due_date_for,
)
from reporting.services import pr_addresses
from reporting.storage import attachment_store


def signal_submit(
    *,
    reporter: User,
    kind: str,
    title: str,
    description: str,
    platform: str,
    url: str = "",
    seen_on: datetime.date | None = None,
    files: list[CheckedFile] = (),
    pending: list[Attachment] = (),
    submission_key=None,
    possible_breach: bool = False,
) -> Signal:
    """Store a signal with its attachments and tell PR en communicatie.

    A form sent twice (a double click, a retry after a network error) carries
    the same `submission_key` and yields the one signal stored first. With
    `possible_breach` the signal is announced through
    `hooks.possible_breach_raised` in the same transaction.
    """
    if submission_key is not None:
        existing = _submitted(reporter, submission_key)
        if existing:
            return existing
    fields = {
        "kind": kind,
        "title": title,
        "description": description,
        "platform": platform,
        "url": url,
        "seen_on": seen_on,
    }
    signal = _signal_new(reporter, fields, possible_breach=possible_breach)
    if submission_key is not None:
        signal.submission_key = submission_key
    signal.full_clean(exclude=["submission_key"])
    try:
        with transaction.atomic():
            _signal_store(signal, files=files, pending=pending)
    except IntegrityError:
        # The same form arrived twice at the same moment: the one stored first.
        existing = _submitted(reporter, signal.submission_key)
        if existing is not None:
            return existing
        if submission_key is None:
            raise
        # Someone else's signal has this key: theirs is never handed out; this
        # one is stored under a key of its own.
        return signal_submit(
            reporter=reporter,
            files=files,
            pending=pending,
            possible_breach=possible_breach,
            **fields,
        )
    return signal


def _submitted(reporter: User, submission_key) -> Signal | None:
    return Signal.objects.filter(
        submission_key=submission_key, reporter=reporter
    ).first()


def _signal_new(reporter: User, fields: dict, *, possible_breach: bool) -> Signal:
    now = timezone.now()
    # A possible breach is urgent everywhere: the AVG gives 72 hours.
    priority = Priority.URGENT if possible_breach else Priority.NORMAL
    return Signal(
        reporter=reporter,
        **fields,
        priority=priority,
        due_date=due_date_for(priority, now),
        created_at=now,
        possible_breach=possible_breach,
        breach_marked_at=now if possible_breach else None,
        breach_marked_by=reporter if possible_breach else None,
    )


def _signal_store(
    signal: Signal, *, files: list[CheckedFile], pending: list[Attachment]
) -> None:
    """Save `signal` with its files and first history entry, and mail PR;
    inside the caller's transaction."""
    reporter, now = signal.reporter, signal.created_at
    signal.save()
    for checked in files:
        attachment_store(uploaded_by=reporter, checked=checked, signal=signal)
    Attachment.objects.filter(
        pk__in=[a.pk for a in pending], uploaded_by=reporter, signal=None
    ).update(signal=signal)
    SignalEvent.objects.create(
        signal=signal,
        actor=reporter,
        field=SignalEvent.Field.CREATED,
        new_value=Status.NEW,
        public=True,
        created_at=now,
    )
    if signal.possible_breach:
        possible_breach_raised.send(
            sender=Signal, instance=signal, actor=reporter, at=now
        )
    admin_url = settings.SITE_URL + reverse(
        "admin:reporting_signal_change", args=[signal.pk]
    )
    outbox.send(
        "signal_new",
        pr_addresses(),
        {
            "signal": signal,
            "reporter": reporter,
            "possible_breach": signal.possible_breach,
            "admin_url": admin_url,
        },
    )
