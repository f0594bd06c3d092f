"""Background work shared by the apps, run through django.tasks.

In development and tests the immediate backend runs a task at once; in
production tasks wait in the database for `manage.py db_worker`, so a slow or
failing mail server neither delays the request nor loses the message.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import translation

SUBJECT_PREFIX = "[Sterk Huis] "


@task
def send_email(*, to: list[str], subject: str, body: str) -> int:
    return send_mail(
        subject=f"{SUBJECT_PREFIX}{subject}",
        message=body,
        from_email=None,
        recipient_list=to,
    )


def mail_language():
    """Compose e-mail inside this block: it is written in the portal's language.

    Staff have no stored language preference, so a message follows Dutch, not
    the interface language of whoever caused it (a PR employee answering in
    English must not send the reporter an English e-mail).
    """
    return translation.override(settings.LANGUAGE_CODE)


def queue_email(*, to: list[str], subject: str, body: str) -> None:
    """Send an e-mail once the current transaction has committed."""
    if not to:
        return
    transaction.on_commit(
        lambda: send_email.enqueue(to=list(to), subject=str(subject), body=str(body))
    )
