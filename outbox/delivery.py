"""Delivery of the outbox by the task worker (`manage.py db_worker`).

`deliver_due` sends every message whose time has come, over one connection.
Before each attempt the message is claimed in a transaction of its own: its
attempt is counted, its next attempt set and a task for that moment queued
(with the database task backend). So two workers never send one message,
and a worker that dies halfway loses nothing: the queued task tries again.

The retries back off (`MAIL_RETRY_DELAYS`, by default 45 seconds, then 2, 5,
15 and 30 minutes, 1, 2, 4, 8 and 12 hours: 28 hours in all). A message
whose last attempt fails, or that the server refuses for good (a 5xx
answer), is marked failed, and the next message that does get through is
followed by a report to the superusers (and to the privacy officer for a
breach message) listing what failed.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from outbox.models import Kind, Message, Status

log = logging.getLogger("sterkhuis.mail")

BATCH = 100


def retry_delays() -> list[datetime.timedelta]:
    return [datetime.timedelta(seconds=s) for s in settings.MAIL_RETRY_DELAYS]


def max_attempts() -> int:
    return len(settings.MAIL_RETRY_DELAYS) + 1


@task
def deliver_due(ids: list[int] | None = None) -> int:
    return deliver(ids=ids)


def wake(at: datetime.datetime | None = None, *, ids: list[int] = ()) -> None:
    """Have the worker deliver what is due (at `at`, or now).

    With a backend that stores tasks (the database), the task is stored in
    the current transaction, so the messages and their task commit together,
    and each run delivers everything that is due. The immediate backend
    (development, tests) delivers the messages `ids` once the transaction
    commits, and cannot wait: it does not retry.
    """
    if default_task_backend.supports_defer:
        job = deliver_due.using(run_after=at) if at else deliver_due
        job.enqueue()
    elif at is None and ids:
        ids = list(ids)
        transaction.on_commit(lambda: deliver_due.enqueue(ids))


def deliver(*, limit: int = BATCH, ids: list[int] | None = None) -> int:
    """Send up to `limit` due messages (of `ids` only, when given); returns
    how many went out. Stops at the first failure of the server itself (it
    will not answer the next one either); a refused address fails only its
    own message."""
    sent = 0
    connection = None
    try:
        for _ in range(limit):
            message = _claim(ids)
            if message is None:
                break
            if connection is None:
                connection = mailers.default
            try:
                connection.send_messages([_email(message)])
            except Exception as error:
                server_down = _record_failure(message, error)
                if server_down:
                    break
                connection = _closed(connection)
            else:
                _record_sent(message)
                sent += 1
    finally:
        _closed(connection)
    if sent:
        failures_report()
    return sent


def _closed(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:
            log.debug("closing the mail connection failed", exc_info=True)
    return None


def _claim(ids: list[int] | None = None) -> Message | None:
    """The next due message, its attempt counted and its retry planned."""
    now = timezone.now()
    due = Message.objects.due(now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    with transaction.atomic():
        message = (
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        delays = retry_delays()
        if message.attempts <= len(delays):
            message.next_attempt_at = now + delays[message.attempts - 1]
        elif message.attempts > max_attempts():
            # The worker died during the last attempt: that one counts.
            message.status = Status.FAILED
            message.failed_at = now
            message.save(update_fields=["status", "failed_at", "attempts"])
            return _claim(ids)
        else:
            # The last attempt: should the worker die, one more look later.
            message.next_attempt_at = now + (delays[-1] if delays else _MINUTE)
        message.save(update_fields=["attempts", "next_attempt_at"])
        wake(message.next_attempt_at)
    return message


_MINUTE = datetime.timedelta(minutes=1)


def _email(message: Message) -> EmailMultiAlternatives:
    from outbox.services import from_address

    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=from_address(),
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={
            "Message-ID": message.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email


def _record_sent(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )


def _permanent(error: Exception) -> bool:
    """A 5xx answer about this message: trying again changes nothing."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    code = getattr(error, "smtp_code", 0)
    return isinstance(code, int) and code >= 500


def _record_failure(message: Message, error: Exception) -> bool:
    """Note the error; mark the message failed after its last attempt or a
    refusal for good. True when the server itself failed."""
    text = f"{type(error).__name__}: {error}"[:2000]
    failed = _permanent(error) or message.attempts >= max_attempts()
    fields = {"last_error": text}
    if failed:
        fields |= {"status": Status.FAILED, "failed_at": timezone.now()}
    Message.objects.filter(pk=message.pk).update(**fields)
    log.warning(
        "mail %s to %s: attempt %s failed: %s",
        message.pk,
        message.to,
        message.attempts,
        text,
    )
    return _server_failed(error)


def _server_failed(error: Exception) -> bool:
    """The server is down or hung up, rather than answering about this one
    message (smtplib's errors are OSErrors too)."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False
    return isinstance(error, OSError)


def failures_report() -> int:
    """Tell the superusers (and the privacy officer of a breach message)
    which messages failed for good since the last report. Runs after a
    message got through, so the report has a working server to go by."""
    from outbox.services import send

    with transaction.atomic():
        failed = list(
            Message.objects.failed_unreported()
            .select_for_update(skip_locked=True)
            .order_by("created_at", "pk")
        )
        if not failed:
            return 0
        Message.objects.filter(pk__in=[m.pk for m in failed]).update(
            failure_reported_at=timezone.now()
        )
        superusers = list(
            get_user_model()
            .objects.filter(is_superuser=True, is_active=True)
            .values_list("email", flat=True)
        )
        readers: dict[str, list[Message]] = {
            a.lower(): list(failed) for a in superusers
        }
        for message in failed:
            for address in message.failure_contacts:
                readers.setdefault(address.lower(), [])
                if message not in readers[address.lower()]:
                    readers[address.lower()].append(message)
        for address, messages in readers.items():
            send(
                "mail_failed",
                address,
                {"messages": messages, "admin_path": "/admin/outbox/message/"},
                kind=Kind.FAILURE_REPORT,
            )
    return len(failed)
