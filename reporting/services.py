"""Rules that change signals: triage by PR and the conversation with the reporter."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from audit.services import audit_record
from outbox import services as outbox
from reporting.audit_events import ReportingAction
from reporting.hooks import possible_breach_raised
from reporting.models import (
    CLOSED,
    Priority,
    Signal,
    SignalEvent,
    Status,
    due_date_for,
)


def pr_addresses() -> list[str]:
    """Where a mail to PR en communicatie goes: everyone in the team."""
    return list(roles.pr_team().values_list("email", flat=True))


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
        current.priority = Priority.URGENT
        current.due_date = min(current.due_date, due_date_for(Priority.URGENT, now))
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
        if old_priority != Priority.URGENT:
            SignalEvent.objects.create(
                signal=current,
                actor=actor,
                field=SignalEvent.Field.PRIORITY,
                old_value=old_priority,
                new_value=Priority.URGENT,
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
            action=ReportingAction.SIGNAL_CHANGED,
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
        status = status or Status.AWAITING_REPORTER
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
        signal.status == Status.AWAITING_REPORTER
        and question == ""
        and ("status" in {change.field for change in changes})
    ):
        errors["question"] = _("Schrijf de vraag aan de melder.")
    if (
        question
        and signal.status != Status.AWAITING_REPORTER
        and "status" not in errors
    ):
        errors["question"] = _(
            "Een vraag aan de melder kan alleen met de status „wacht op melder”."
        )
    if signal.status == Status.HANDLED and not signal.answer:
        errors["answer"] = _("Schrijf een antwoord aan de melder voordat je afhandelt.")
    if signal.status == Status.NO_ACTION and not signal.closing_reason:
        errors["closing_reason"] = _("Geef een reden op waarom er geen actie nodig is.")
    if errors:
        raise ValidationError(errors)
    return changes


def signal_clock_move(signal: Signal, status: str) -> None:
    """Stop the clock when PR starts to wait for the reporter; when the wait
    ends, move the due date on by the days waited."""
    now = timezone.now()
    if status == Status.AWAITING_REPORTER and signal.waiting_since is None:
        signal.waiting_since = now
    elif status != Status.AWAITING_REPORTER and signal.waiting_since is not None:
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
            action=ReportingAction.SIGNAL_CHANGED,
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
    if signal.status in {Status.NEW, Status.REOPENED}:
        status = Status.IN_PROGRESS
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
        if current.status in {Status.NEW, Status.REOPENED}:
            current = signal_update(
                signal=current,
                actor=actor,
                status=Status.IN_PROGRESS,
                assignee=current.assignee or actor,
            )
        return signal_update(
            signal=current, actor=actor, answer=answer, status=Status.HANDLED
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
        signal.answer if signal.status != Status.NO_ACTION else (signal.closing_reason)
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
        _reply_check(current, reporter=reporter, text=text)
        new_status = None
        if current.is_waiting:
            new_status = Status.IN_PROGRESS
        elif current.is_closed and reopen:
            new_status = Status.REOPENED
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
            action=ReportingAction.SIGNAL_CHANGED,
            obj=current,
            actor=reporter,
            details={"changes": [{"field": "reply"}]},
        )
        _mail_pr_reply(current, reporter, text, reopened=new_status == Status.REOPENED)


def _reply_check(signal: Signal, *, reporter: User, text: str) -> None:
    if signal.reporter_id != reporter.pk:
        raise ValidationError(_("Alleen de melder kan hier reageren."))
    if not text:
        raise ValidationError({"text": _("Schrijf je reactie.")})
    if signal.is_closed and not signal.can_react:
        raise ValidationError(
            _("Op deze melding kun je niet meer reageren; doe een nieuwe melding.")
        )


def _mail_pr_reply(signal: Signal, reporter: User, text: str, *, reopened: bool):
    admin_url = settings.SITE_URL + reverse(
        "admin:reporting_signal_change", args=[signal.pk]
    )
    to = (
        [signal.assignee.email]
        if signal.assignee and signal.assignee.is_active
        else pr_addresses()
    )
    outbox.send(
        "signal_reply",
        to,
        {
            "signal": signal,
            "reporter": reporter,
            "text": text,
            "reopen": reopened,
            "admin_url": admin_url,
        },
    )
