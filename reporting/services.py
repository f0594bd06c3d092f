"""Rules that change signals: submission, triage, retention."""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from audit.models import Action
from audit.services import audit_record
from core.workdays import add_working_days
from outbox import services as outbox
from reporting.attachments import MAX_FILES, CheckedFile, generated_name
from reporting.hooks import possible_breach_raised, retention_holds
from reporting.models import (
    ATTACHMENT_ROOT,
    CLOSED,
    RESPONSE_DAYS,
    Attachment,
    Priority,
    Signal,
    SignalEvent,
    Status,
    pending_lifetime,
)

logger = logging.getLogger(__name__)


def due_date_for(priority: str, received: datetime.datetime) -> datetime.date:
    return add_working_days(timezone.localdate(received), RESPONSE_DAYS[priority])


def _pr_addresses() -> list[str]:
    return list(roles.pr_team().values_list("email", flat=True))


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
        existing = Signal.objects.filter(
            submission_key=submission_key, reporter=reporter
        ).first()
        if existing:
            return existing
    now = timezone.now()
    signal = Signal(
        reporter=reporter,
        kind=kind,
        title=title,
        description=description,
        platform=platform,
        url=url,
        seen_on=seen_on,
        # A possible breach is urgent everywhere: the AVG gives 72 hours.
        priority=Priority.SPOED if possible_breach else Priority.NORMAAL,
        due_date=due_date_for(
            Priority.SPOED if possible_breach else Priority.NORMAAL, now
        ),
        created_at=now,
        possible_breach=possible_breach,
        breach_marked_at=now if possible_breach else None,
        breach_marked_by=reporter if possible_breach else None,
    )
    if submission_key is not None:
        signal.submission_key = submission_key
    signal.full_clean(exclude=["submission_key"])
    try:
        with transaction.atomic():
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
                new_value=Status.NIEUW,
                public=True,
                created_at=now,
            )
            if possible_breach:
                possible_breach_raised.send(
                    sender=Signal, instance=signal, actor=reporter, at=now
                )
            admin_url = settings.SITE_URL + reverse(
                "admin:reporting_signal_change", args=[signal.pk]
            )
            outbox.send(
                "signal_new",
                _pr_addresses(),
                {
                    "signal": signal,
                    "reporter": reporter,
                    "possible_breach": possible_breach,
                    "admin_url": admin_url,
                },
            )
    except IntegrityError:
        # The same form arrived twice at the same moment: the one stored first.
        existing = Signal.objects.filter(
            submission_key=signal.submission_key, reporter=reporter
        ).first()
        if existing is not None:
            return existing
        if submission_key is None:
            raise
        # Someone else's signal has this key: theirs is never handed out; this
        # one is stored under a key of its own.
        return signal_submit(
            reporter=reporter,
            kind=kind,
            title=title,
            description=description,
            platform=platform,
            url=url,
            seen_on=seen_on,
            files=files,
            pending=pending,
            possible_breach=possible_breach,
        )
    return signal


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


def _batches(items: list, size: int = 1000) -> Iterator[list]:
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
    for batch in _batches(gone):
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


def signal_mark_possible_breach(*, signal: Signal, actor: User) -> bool:
    """PR marks a signal as a possible data breach: who and when is kept on
    the signal and in its history, and `hooks.possible_breach_raised` is sent
    in the same transaction. Marking it again changes nothing (False)."""
    with transaction.atomic():
        current = Signal.objects.select_for_update().get(pk=signal.pk)
        if current.possible_breach:
            return False
        now = timezone.now()
        current.possible_breach = True
        current.breach_marked_at = now
        current.breach_marked_by = actor
        old_priority = current.priority
        # A possible breach is urgent everywhere: the AVG gives 72 hours.
        current.priority = Priority.SPOED
        current.due_date = min(current.due_date, due_date_for(Priority.SPOED, now))
        current.save(
            update_fields=[
                "possible_breach",
                "breach_marked_at",
                "breach_marked_by",
                "priority",
                "due_date",
                "updated_at",
            ]
        )
        if old_priority != Priority.SPOED:
            SignalEvent.objects.create(
                signal=current,
                actor=actor,
                field=SignalEvent.Field.PRIORITY,
                old_value=old_priority,
                new_value=Priority.SPOED,
                created_at=now,
            )
        SignalEvent.objects.create(
            signal=current,
            actor=actor,
            field=SignalEvent.Field.POSSIBLE_BREACH,
            old_value="",
            new_value="ja",
            created_at=now,
        )
        audit_record(
            action=Action.SIGNAL_CHANGED,
            obj=current,
            actor=actor,
            details={"changes": [{"field": "possible_breach", "new": True}]},
        )
        possible_breach_raised.send(
            sender=Signal, instance=current, actor=actor, at=now
        )
    signal.possible_breach = True
    signal.breach_marked_at = current.breach_marked_at
    signal.breach_marked_by = actor
    signal.priority, signal.due_date = current.priority, current.due_date
    return True


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str
    public: bool


def signal_plan(
    *,
    signal: Signal,
    status: str | None = None,
    priority: str | None = None,
    assignee: User | None | bool = False,
    answer: str | None = None,
    closing_reason: str | None = None,
    question: str | None = None,
) -> list[Change]:
    """Apply triage changes to `signal` in memory and return them; raises
    ValidationError for a move outside `TRANSITIONS` or a close without an
    answer (afgehandeld) or reason (geen actie nodig). Saves nothing.

    `assignee=False` leaves the assignee as it is (None unassigns). A
    `question` to the reporter puts the signal on "wacht op melder", which
    stops the clock until the reporter answers or PR moves it on.
    """
    changes: list[Change] = []
    errors: dict[str, str] = {}
    question = (question or "").strip()
    if question:
        changes.append(Change("question", "", question, True))
        status = status or Status.WACHT_OP_MELDER
    if answer is not None and answer.strip() != signal.answer:
        changes.append(Change("answer", signal.answer, answer.strip(), True))
        signal.answer = answer.strip()
    if closing_reason is not None and closing_reason.strip() != signal.closing_reason:
        reason = closing_reason.strip()
        changes.append(Change("closing_reason", signal.closing_reason, reason, True))
        signal.closing_reason = reason
    if priority is not None and priority != signal.priority:
        changes.append(Change("priority", signal.priority, priority, False))
        signal.priority = priority
        signal.due_date = due_date_for(priority, signal.created_at)
    if assignee is not False and assignee != signal.assignee:
        old = str(signal.assignee or "")
        changes.append(Change("assignee", old, str(assignee or ""), False))
        signal.assignee = assignee
    if status is not None and status != signal.status:
        if not signal.can_move_to(status):
            errors["status"] = _(
                "Van „%(old)s” kan een melding niet naar „%(new)s”."
            ) % {"old": signal.get_status_display(), "new": Status(status).label}
        else:
            changes.append(Change("status", signal.status, status, True))
            signal_clock_move(signal, status)
            signal.status = status
            signal.closed_at = timezone.now() if status in CLOSED else None
    if (
        signal.status == Status.WACHT_OP_MELDER
        and question == ""
        and ("status" in {change.field for change in changes})
    ):
        errors["question"] = _("Schrijf de vraag aan de melder.")
    if question and signal.status != Status.WACHT_OP_MELDER and "status" not in errors:
        errors["question"] = _(
            "Een vraag aan de melder kan alleen met de status „wacht op melder”."
        )
    if signal.status == Status.AFGEHANDELD and not signal.answer:
        errors["answer"] = _("Schrijf een antwoord aan de melder voordat je afhandelt.")
    if signal.status == Status.GEEN_ACTIE and not signal.closing_reason:
        errors["closing_reason"] = _("Geef een reden op waarom er geen actie nodig is.")
    if errors:
        raise ValidationError(errors)
    return changes


def signal_clock_move(signal: Signal, status: str) -> None:
    """Stop the clock when PR starts to wait for the reporter; when the wait
    ends, move the due date on by the days waited."""
    now = timezone.now()
    if status == Status.WACHT_OP_MELDER and signal.waiting_since is None:
        signal.waiting_since = now
    elif status != Status.WACHT_OP_MELDER and signal.waiting_since is not None:
        waited = timezone.localdate(now) - timezone.localdate(signal.waiting_since)
        signal.due_date += waited
        signal.waiting_since = None


def signal_update(*, signal: Signal, actor: User, note: str = "", **changes) -> Signal:
    """Change a signal's triage fields as PR does (see `signal_plan`), record
    each change with who and when, and mail the reporter when an answer is
    given or the signal is closed."""
    with transaction.atomic():
        current = Signal.objects.select_for_update().get(pk=signal.pk)
        planned = signal_plan(signal=current, **changes)
        if not planned:
            return current
        current.full_clean(exclude=["submission_key"])
        current.save()
        now = timezone.now()
        SignalEvent.objects.bulk_create(
            SignalEvent(
                signal=current,
                actor=actor,
                field=change.field,
                old_value=change.old,
                new_value=change.new,
                note=note,
                public=change.public,
                created_at=now,
            )
            for change in planned
        )
        audit_record(
            action=Action.SIGNAL_CHANGED,
            obj=current,
            actor=actor,
            details={"changes": [_audit_change(change) for change in planned]},
        )
        _mail_reporter(current, planned)
    return current


def signal_pick_up(*, signal: Signal, actor: User) -> Signal:
    """ "Oppakken": assign the signal to `actor` and start handling it, in one
    step and one record per change."""
    status = None
    if signal.status in {Status.NIEUW, Status.HEROPEND}:
        status = Status.IN_BEHANDELING
    elif signal.is_closed:
        raise ValidationError(
            _("Een afgesloten melding pak je niet op; heropen hem eerst.")
        )
    return signal_update(signal=signal, actor=actor, assignee=actor, status=status)


def signal_answer_and_close(*, signal: Signal, actor: User, answer: str) -> Signal:
    """ "Beantwoorden en afsluiten": give the reporter an answer and close the
    signal as afgehandeld, starting it first when nobody had yet. One e-mail
    goes to the reporter."""
    with transaction.atomic():
        current = Signal.objects.select_for_update().get(pk=signal.pk)
        if current.status in {Status.NIEUW, Status.HEROPEND}:
            current = signal_update(
                signal=current,
                actor=actor,
                status=Status.IN_BEHANDELING,
                assignee=current.assignee or actor,
            )
        return signal_update(
            signal=current, actor=actor, answer=answer, status=Status.AFGEHANDELD
        )


def _audit_change(change: Change) -> dict:
    # The answer and the reason are the reporter's business and already in the
    # signal's history; the audit log notes only that they changed.
    if change.field in {"answer", "closing_reason", "question"}:
        return {"field": change.field}
    return {"field": change.field, "old": change.old, "new": change.new}


def _mail_reporter(signal: Signal, changes: list[Change]) -> None:
    fields = {change.field for change in changes}
    closed = "status" in fields and signal.status in CLOSED
    link = settings.SITE_URL + signal.get_absolute_url()
    if "question" in fields:
        question = next(c.new for c in changes if c.field == "question")
        outbox.send(
            "signal_question",
            signal.reporter.email,
            {"signal": signal, "question": question, "link": link},
        )
    if not (closed or "answer" in fields):
        return
    message = (
        signal.answer if signal.status != Status.GEEN_ACTIE else (signal.closing_reason)
    )
    # An answer by mail reaches whoever in PR has the signal.
    assignee = signal.assignee
    outbox.send(
        "signal_answer",
        signal.reporter.email,
        {"signal": signal, "closed": closed, "message": message, "link": link},
        reply_to=assignee.email if assignee and assignee.is_active else "",
    )


def signal_reply(
    *, signal: Signal, reporter: User, text: str, reopen: bool = False
) -> Signal:
    """The reporter answers PR's question, reacts to PR's answer, or asks to
    reopen a closed signal (within REACTION_DAYS of closing). An answer to a
    question puts the signal back "in behandeling" and restarts the clock.
    PR (the assignee, or everyone in PR when nobody has it) gets an e-mail."""
    text = text.strip()
    with transaction.atomic():
        current = Signal.objects.select_for_update().get(pk=signal.pk)
        if current.reporter_id != reporter.pk:
            raise ValidationError(_("Alleen de melder kan hier reageren."))
        if not text:
            raise ValidationError({"text": _("Schrijf je reactie.")})
        if current.is_closed and not current.can_react:
            raise ValidationError(
                _("Op deze melding kun je niet meer reageren; doe een nieuwe melding.")
            )
        new_status = None
        if current.is_waiting:
            new_status = Status.IN_BEHANDELING
        elif current.is_closed and reopen:
            new_status = Status.HEROPEND
        now = timezone.now()
        events = [
            SignalEvent(
                signal=current,
                actor=reporter,
                field=SignalEvent.Field.REPLY,
                new_value=text,
                public=True,
                created_at=now,
            )
        ]
        if new_status:
            events.append(
                SignalEvent(
                    signal=current,
                    actor=reporter,
                    field=SignalEvent.Field.STATUS,
                    old_value=current.status,
                    new_value=new_status,
                    public=True,
                    created_at=now,
                )
            )
            signal_clock_move(current, new_status)
            current.status = new_status
            current.closed_at = None
            current.full_clean(exclude=["submission_key"])
            current.save()
        SignalEvent.objects.bulk_create(events)
        audit_record(
            action=Action.SIGNAL_CHANGED,
            obj=current,
            actor=reporter,
            details={"changes": [{"field": "reply"}]},
        )
        admin_url = settings.SITE_URL + reverse(
            "admin:reporting_signal_change", args=[current.pk]
        )
        to = (
            [current.assignee.email]
            if current.assignee and current.assignee.is_active
            else _pr_addresses()
        )
        outbox.send(
            "signal_reply",
            to,
            {
                "signal": current,
                "reporter": reporter,
                "text": text,
                "reopen": new_status == Status.HEROPEND,
                "admin_url": admin_url,
            },
        )


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
        for batch in _batches(old_ids):
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
