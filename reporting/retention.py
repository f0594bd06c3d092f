"""How long signals stay: closed ones go after the retention period."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reporting.hooks import retention_holds
from reporting.models import (
    CLOSED,
    Attachment,
    Signal,
)
from reporting.storage import attachments_delete, batches, files_sweep


@dataclass(frozen=True)
class PurgeResult:
    signals: int
    files: int
    pending_files: int
    unclaimed_files: int = 0
    refused_files: int = 0


def signals_purge(*, now: datetime.datetime | None = None, dry_run: bool = False):
    """Delete closed signals older than the retention period, with their files,
    history and notes; uploads never attached to a signal once the pending
    lifetime is over; and stored files no row claims. Signals another app
    holds (`hooks.retention_holds`) are kept.

    Files go before rows. A signal a file of which the storage refused stays,
    with its rows, for the next run (see `attachments_delete`).
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SIGNAL_RETENTION_DAYS)
    old = Signal.objects.filter(status__in=CLOSED, closed_at__lt=cutoff)
    for _receiver, held in retention_holds.send(sender=Signal):
        old = old.exclude(pk__in=held)
    expired = Attachment.objects.expired(now)
    if dry_run:
        return PurgeResult(
            old.count(),
            Attachment.objects.filter(signal__in=old).count(),
            expired.count(),
            files_sweep(now=now, dry_run=True),
        )
    old_ids = list(old.values_list("pk", flat=True))
    files, refused = attachments_delete(Attachment.objects.filter(signal__in=old_ids))
    pending_files, refused_pending = attachments_delete(expired)
    with transaction.atomic():
        # Events and notes go with their signal (CASCADE); a signal whose
        # files could not all be deleted waits for the next run.
        keep = Attachment.objects.filter(signal__in=old_ids).values("signal")
        signals = 0
        for batch in batches(old_ids):
            _total, per_model = (
                Signal.objects.filter(pk__in=batch).exclude(pk__in=keep).delete()
            )
            signals += per_model.get(Signal._meta.label, 0)
    return PurgeResult(
        signals,
        files,
        pending_files,
        files_sweep(now=now),
        refused + refused_pending,
    )
