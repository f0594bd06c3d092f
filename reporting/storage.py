"""The files of signals: written before their rows, deleted before their
rows, and swept when no row claims them, through the storage API (disk or
S3 alike)."""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Iterable, Iterator

from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from accounts.models import User
from reporting.attachments import MAX_FILES, CheckedFile, generated_name
from reporting.models import (
    ATTACHMENT_ROOT,
    Attachment,
    Signal,
    pending_lifetime,
)

logger = logging.getLogger(__name__)


def attachment_store(
    *, uploaded_by: User, checked: CheckedFile, signal: Signal | None = None
) -> Attachment:
    """Write the file, then its row. A process that dies in between leaves a
    file no row claims; `files_sweep` removes such files."""
    attachment = Attachment(
        signal=signal,
        uploaded_by=uploaded_by,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    attachment.file.save(
        generated_name(checked.extension), ContentFile(checked.content), save=False
    )
    attachment.save()
    return attachment


def attachments_discard(*, uploaded_by: User, keys) -> int:
    """Delete uploads the reporter took off the form before sending; only
    their own, and only while they belong to no signal."""
    valid = []
    for key in keys or []:
        try:
            valid.append(uuid.UUID(str(key)))
        except ValueError:
            continue
    if not valid:
        return 0
    deleted, _refused = attachments_delete(
        Attachment.objects.filter(key__in=valid, uploaded_by=uploaded_by, signal=None)
    )
    return deleted


def attachments_hold(
    *, uploaded_by: User, kept: list[Attachment], checked: list[CheckedFile]
) -> list[Attachment]:
    """Keep the files of a refused post for its next try, so the reporter
    need not choose them again: those it carried (`kept`) and the new ones,
    one form's worth (MAX_FILES) at most. The reporter's other waiting files
    go: a newer post replaces an older one."""
    kept = kept[:MAX_FILES]
    stored = [
        attachment_store(uploaded_by=uploaded_by, checked=c)
        for c in checked[: MAX_FILES - len(kept)]
    ]
    held = kept + stored
    attachments_delete(
        Attachment.objects.filter(uploaded_by=uploaded_by, signal=None).exclude(
            pk__in=[a.pk for a in held]
        )
    )
    return held


def _delete_file(storage, name: str, attempts: int = 3) -> bool:
    for attempt in range(attempts):
        try:
            storage.delete(name)
        except Exception:  # any storage error (disk, S3): try again, then report
            logger.warning("could not delete %s (attempt %d)", name, attempt + 1)
            time.sleep(0.1 * 2**attempt)
        else:
            return True
    return False


def batches(items: list, size: int = 1000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def attachments_delete(
    attachments: Iterable[Attachment] | models.QuerySet,
) -> tuple[int, int]:
    """Delete files first, then the rows of the files that went: a file
    storage refused keeps its row, so the next run tries it again (rows first
    would leave files that nothing points to). Returns (deleted, refused)."""
    storage = Attachment._meta.get_field("file").storage
    if isinstance(attachments, models.QuerySet):
        rows = list(attachments.values_list("pk", "file"))
    else:
        rows = [(a.pk, a.file.name) for a in attachments]
    gone = [pk for pk, name in rows if not name or _delete_file(storage, name)]
    for batch in batches(gone):
        Attachment.objects.filter(pk__in=batch).delete()
    return len(gone), len(rows) - len(gone)


def _stored_files(storage, directory: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{directory}/{name}"
    for sub in directories:
        yield from _stored_files(storage, f"{directory}/{sub}")


def files_sweep(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete stored files that no attachment claims (left by a process that
    died between writing a file and committing its row), through the storage
    API, so on disk and in S3 alike. Files younger than the pending lifetime
    are left alone: their row may still be on its way."""
    now = now or timezone.now()
    storage = Attachment._meta.get_field("file").storage
    claimed = set(Attachment.objects.values_list("file", flat=True))
    unclaimed = 0
    for name in _stored_files(storage, ATTACHMENT_ROOT):
        if name in claimed:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, OSError):
            continue
        if now - modified < pending_lifetime():
            continue
        unclaimed += 1
        if not dry_run:
            _delete_file(storage, name)
    return unclaimed
