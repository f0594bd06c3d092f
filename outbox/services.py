"""How the portal sends a mail: `send(template_name, to, context)`.

The message is rendered from `templates/email/<name>.txt` (subject from
`<name>_subject.txt`, an HTML part from `<name>.html` when it exists), always
in Dutch, and stored in the outbox in the caller's transaction, one row per
recipient. The task worker delivers it (`outbox/delivery.py`); nothing is
sent during the request, so a mail server that is down never fails one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import formataddr, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox import delivery
from outbox.models import Kind, Message

SUBJECT_PREFIX = "[Sterk Huis] "
FROM_NAME = "Sterk Huis portaal"
# Line breaks and other control characters (C0, DEL, C1, the Unicode line
# and paragraph separators) would start a new header or break the message.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def clean_header(value: object) -> str:
    """`value` as one header line: control characters folded to a space."""
    return " ".join(CONTROL.sub(" ", str(value)).split())


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def from_address() -> str:
    return formataddr((FROM_NAME, settings.DEFAULT_FROM_EMAIL))


def _addresses(to: str | Iterable[str]) -> list[str]:
    if isinstance(to, str):
        to = [to]
    seen: dict[str, str] = {}
    for address in to:
        address = clean_header(address or "")
        if address and address.lower() not in seen:
            seen[address.lower()] = address
    return list(seen.values())


def render(template_name: str, context: dict | None = None) -> tuple[str, str, str]:
    """Subject, text and HTML (or "") of the mail `template_name`, in Dutch
    whatever language the request that caused it speaks."""
    context = {"site_url": settings.SITE_URL, **(context or {})}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"email/{template_name}_subject.txt", context)
        body = render_to_string(f"email/{template_name}.txt", context)
        try:
            html = render_to_string(f"email/{template_name}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, body.strip() + "\n", html


def send(
    template_name: str,
    to: str | Iterable[str],
    context: dict | None = None,
    *,
    reply_to: str = "",
    kind: str = Kind.ORDINARY,
    failure_contacts: Iterable[str] = (),
) -> list[Message]:
    """Render the mail `template_name` and store it for each address in `to`.

    Call it inside the transaction that makes the change the mail is about:
    the message is stored, or not, with it. `reply_to` where an answer makes
    sense; `kind=Kind.DATALEK` for a possible breach, with the privacy
    officer's addresses as `failure_contacts`.
    """
    subject, body, html = render(template_name, context)
    return message_store(
        template=template_name,
        to=to,
        subject=subject,
        body=body,
        html=html,
        reply_to=reply_to,
        kind=kind,
        failure_contacts=failure_contacts,
    )


def message_store(
    *,
    template: str,
    to: str | Iterable[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: str = "",
    kind: str = Kind.ORDINARY,
    failure_contacts: Iterable[str] = (),
) -> list[Message]:
    """Store an already rendered mail, one row per recipient, and wake the
    worker once the transaction commits (see `delivery.wake`)."""
    recipients = _addresses(to)
    if not recipients:
        return []
    subject = clean_header(SUBJECT_PREFIX + clean_header(subject))[:255]
    now = timezone.now()
    with transaction.atomic():
        messages = Message.objects.bulk_create(
            Message(
                template=template,
                kind=kind,
                to=address,
                subject=subject,
                body=body,
                html=html,
                reply_to=clean_header(reply_to),
                message_id=make_msgid(domain=site_domain()),
                failure_contacts=_addresses(failure_contacts),
                created_at=now,
                next_attempt_at=now,
            )
            for address in recipients
        )
        delivery.wake(ids=[m.pk for m in messages])
    return messages


def messages_retry(*, messages) -> int:
    """Put undelivered messages back in the queue for a fresh series of
    attempts (the admin's "opnieuw versturen"). A sent message is never sent
    again."""
    with transaction.atomic():
        count = (
            Message.objects.undelivered()
            .filter(pk__in=[m.pk for m in messages])
            .update(
                status="wachtend",
                attempts=0,
                next_attempt_at=timezone.now(),
                failed_at=None,
                failure_reported_at=None,
            )
        )
        if count:
            delivery.wake(ids=[m.pk for m in messages])
    return count
