"""Rules that change breach records: opening, the privacy officer's edits,
the reminders of the 72-hour clock, and retention."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from audit.services import audit_record
from datalek.audit_events import DatalekAction
from datalek.models import (
    NOTIFY_WITHIN,
    REMINDER_STAGES,
    Breach,
    BreachChange,
    DataCategory,
    PeopleCategory,
    Reminder,
    Source,
    Status,
    text_moment,
)
from outbox import services as outbox
from outbox.models import Kind
from reporting.models import Signal

# Fields whose old and new values the audit log keeps; free text (which may
# describe people) is logged by name only, its content stays in the record.
AUDITED_VALUES = {
    "status",
    "aware_at",
    "people_categories",
    "data_categories",
    "people_count",
    "decision",
    "ap_notified_at",
    "ap_reference",
    "subjects_informed",
}
# Fields that hold a list of choices.
LABELLED = {"people_categories": PeopleCategory, "data_categories": DataCategory}
EDITABLE = [
    "status",
    "aware_at",
    "aware_at_reason",
    "description",
    "people_categories",
    "data_categories",
    "people_count",
    "consequences",
    "measures_taken",
    "measures_planned",
    "decision",
    "decision_reason",
    "ap_notified_at",
    "ap_reference",
    "subjects_informed",
    "subjects_informed_reason",
]


def privacy_addresses() -> list[str]:
    """The privacy group; the superusers when nobody is in it, so the news
    of a breach never reaches nobody."""
    addresses = list(roles.privacy_team().values_list("email", flat=True))
    return addresses or superuser_addresses()


def superuser_addresses() -> list[str]:
    return list(
        User.objects.filter(is_active=True, is_superuser=True).values_list(
            "email", flat=True
        )
    )


def breach_open(*, signal: Signal, actor: User | None, at: datetime.datetime) -> Breach:
    """Register a possible breach for `signal` (once: a second call returns
    the record there is) and tell the privacy officer by e-mail once the
    transaction commits. Called inside the transaction that stores the signal
    or PR's marking, so the two are saved together or not at all."""
    with transaction.atomic():
        existing = Breach.objects.filter(signal=signal).first()
        if existing:
            return existing
        # Whole minutes, as the register shows and edits them; rounding down
        # only ever makes the deadline earlier.
        at = at.replace(second=0, microsecond=0)
        breach = Breach(
            signal=signal,
            signal_number=signal.pk,
            source=Source.REPORTER if actor == signal.reporter else Source.PR,
            opened_by=actor,
            reported_at=at,
            aware_at=at,
            created_at=at,
        )
        breach.full_clean(exclude=["signal"])
        breach.save()
        audit_record(
            action=DatalekAction.BREACH_OPENED,
            obj=breach,
            actor=actor,
            details={"signal": signal.pk, "source": breach.source},
        )
        privacy = privacy_addresses()
        outbox.send(
            "breach_opened",
            privacy,
            {
                "breach": breach,
                "signal": signal,
                "url": settings.SITE_URL + breach.get_absolute_url(),
            },
            kind=Kind.DATALEK,
            failure_contacts=privacy,
        )
    return breach


def _audit_value(value) -> object:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def _shown(breach: Breach, field: str, value) -> str:
    """A field's value as the record's history shows it."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, datetime.datetime):
        return text_moment(value)
    model_field = Breach._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if field in LABELLED:
        known = dict(LABELLED[field].choices)
        return ", ".join(str(known.get(v, v)) for v in value)
    return str(value)


def _refuse_unknown(data: dict) -> None:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        # The deadline, above all, follows from the moment of awareness.
        raise ValidationError(
            _(
                "Deze gegevens kun je niet wijzigen: %(fields)s. De termijn voor "
                "de AP volgt uit het moment waarop Sterk Huis het lek kende."
            )
            % {"fields": ", ".join(sorted(unknown))}
        )


def breach_update(
    *, breach: Breach, actor: User, data: dict, reason: str = ""
) -> Breach:
    """Apply the privacy officer's changes (the fields in EDITABLE), keep each
    on the record's history (`BreachChange`: who, when, from, to, why) and in
    the audit log. Raises ValidationError, saving nothing, for a close without
    a decision, a notification before the moment of awareness, a moment of
    awareness later than the signal came in or moved without a reason, a
    change of a closed record (reopening it, above all) without `reason`, and
    the like (see `Breach.clean`)."""
    _refuse_unknown(data)
    reason = reason.strip()
    with transaction.atomic():
        current = Breach.objects.select_for_update().get(pk=breach.pk)
        was_closed = current.is_closed
        changed = []
        for field, value in data.items():
            old = getattr(current, field)
            if isinstance(value, str):
                value = value.strip()
            if old != value:
                changed.append((field, old, value))
                setattr(current, field, value)
        if not changed:
            return current
        if was_closed and not reason:
            raise ValidationError(
                {
                    "change_reason": _(
                        "Dit datalek is afgesloten. Geef een reden om het te "
                        "wijzigen of te heropenen; het eerdere besluit blijft in "
                        "de geschiedenis staan."
                    )
                }
            )
        if current.status == Status.CLOSED:
            current.closed_at = current.closed_at or timezone.now()
        else:
            current.closed_at = None
        current.full_clean(exclude=["signal"])
        current.save()
        now = timezone.now()
        BreachChange.objects.bulk_create(
            BreachChange(
                breach=current,
                changed_at=now,
                changed_by=actor,
                field=field,
                old_value=_shown(current, field, old),
                new_value=_shown(current, field, new),
                reason=(
                    reason or current.aware_at_reason if field == "aware_at" else reason
                ),
            )
            for field, old, new in changed
        )
        audit_record(
            action=DatalekAction.BREACH_CHANGED,
            obj=current,
            actor=actor,
            details={
                "changes": [
                    {"field": f, "old": _audit_value(o), "new": _audit_value(n)}
                    if f in AUDITED_VALUES
                    else {"field": f}
                    for f, o, n in changed
                ],
                "reopened": was_closed and not current.is_closed,
            },
        )
    return current


def _due_stages(breach: Breach, now: datetime.datetime) -> list[str]:
    left = breach.time_left(now)
    return [stage for stage, before in REMINDER_STAGES if left <= before]


def breach_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Mail the privacy group 48, 24 and 4 hours before the deadline of every
    open breach without a decision, and the superusers too once it has passed;
    each reminder once. When several are due at once (the command did not run
    for a while, or the moment of awareness moved back), only the latest is
    mailed and the earlier ones are noted as skipped. A reminder is marked
    sent in the transaction that stores its messages in the outbox, never
    without them. Returns the reminders stored."""
    now = now or timezone.now()
    sent = 0
    # The first reminder is due once no more than 48 hours are left.
    candidates = (
        Breach.objects.open()
        .undecided()
        .filter(aware_at__lte=now + REMINDER_STAGES[0][1] - NOTIFY_WITHIN)
    )
    for breach_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            breach = (
                Breach.objects.select_for_update()
                .open()
                .undecided()
                .filter(pk=breach_id)
                .first()
            )
            if breach is None:
                continue
            due = _due_stages(breach, now)
            done = set(breach.reminders.values_list("stage", flat=True))
            if not due or due[-1] in done:
                continue
            latest = due[-1]
            Reminder.objects.bulk_create(
                Reminder(breach=breach, stage=stage, sent_at=now, mailed=False)
                for stage in due[:-1]
                if stage not in done
            )
            Reminder.objects.create(breach=breach, stage=latest, sent_at=now)
            if not _mail_reminder(breach, latest, now):
                # Nobody to mail: mark nothing, so the next run tries again.
                transaction.set_rollback(True)
                continue
            sent += 1
    return sent


def _mail_reminder(breach: Breach, stage: str, now: datetime.datetime) -> int:
    """Store the reminder's messages; returns how many were stored."""
    passed = stage == Reminder.Stage.PASSED
    privacy = privacy_addresses()
    to = sorted(set(privacy) | set(superuser_addresses())) if passed else privacy
    messages = outbox.send(
        "breach_reminder",
        to,
        {
            "breach": breach,
            "passed": passed,
            "hours": max(breach.hours_left(now), 0),
            "url": settings.SITE_URL + breach.get_absolute_url(),
        },
        kind=Kind.DATALEK,
        failure_contacts=privacy,
    )
    return len(messages)


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime.datetime
    deleted: int


def breaches_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete closed breach records older than DATALEK_RETENTION_DAYS (five
    years by default), and record in the audit log that this happened."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.DATALEK_RETENTION_DAYS)
    old = Breach.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff)
    if dry_run:
        return PurgeResult(cutoff, old.count())
    with transaction.atomic():
        deleted = len(old.values_list("pk", flat=True))
        old.delete()
        if deleted:
            audit_record(
                action=DatalekAction.BREACH_PURGED,
                details={
                    "deleted": deleted,
                    "cutoff": cutoff.isoformat(),
                    "retention_days": settings.DATALEK_RETENTION_DAYS,
                },
            )
    return PurgeResult(cutoff, deleted)
