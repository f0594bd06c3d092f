"""Recording and purging audit entries."""

from __future__ import annotations

import datetime
import getpass
import os
from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.middleware import current_request
from audit.models import Action, AuditEvent

USER_AGENT_LENGTH = AuditEvent._meta.get_field("user_agent").max_length
REPR_LENGTH = AuditEvent._meta.get_field("object_repr").max_length


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as allauth sees it, so the audit log and the login
    rate limits agree (REMOTE_ADDR, or X-Forwarded-For behind
    ALLAUTH_TRUSTED_PROXY_COUNT proxies)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


def operator() -> str:
    """Who started this process, for entries written outside a request
    (management commands, the task worker)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = os.environ.get("USER", "") or str(os.getuid())
    return f"os:{name}"


def _user(candidate) -> Any | None:
    return candidate if getattr(candidate, "is_authenticated", False) else None


def audit_record(
    *,
    action: Action | str,
    obj: models.Model | None = None,
    actor=None,
    on_behalf_of=None,
    details: dict | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit entry: one INSERT, no other queries as long as the
    user objects passed (or `request.user`) are already loaded.

    Without `request` the request being handled is used (see
    `AuditContextMiddleware`); without `actor`, its logged-in user. Outside a
    request (a management command) `on_behalf_of` defaults to the operating
    system user who ran it.
    """
    request = request or current_request.get()
    if actor is None and request is not None:
        actor = _user(getattr(request, "user", None))
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        details=details or {},
    )
    if on_behalf_of is not None:
        event.on_behalf_of = on_behalf_of
        event.on_behalf_of_label = on_behalf_of.email
    elif request is None:
        event.on_behalf_of_label = operator()
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk) if obj.pk is not None else ""
        event.object_repr = str(obj)[:REPR_LENGTH]
    if request is not None:
        event.ip_address = client_ip(request)
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
    event.save()
    return event


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime.datetime
    deleted: int


def audit_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete entries older than AUDIT_RETENTION_DAYS and record that this
    happened (the record itself is new, so it stays for the next period)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    if dry_run:
        return PurgeResult(cutoff, AuditEvent.objects.filter(at__lt=cutoff).count())
    with transaction.atomic():
        deleted = AuditEvent.objects.purge_older_than(cutoff)
        audit_record(
            action=Action.AUDIT_PURGED,
            details={
                "deleted": deleted,
                "cutoff": cutoff.isoformat(),
                "retention_days": settings.AUDIT_RETENTION_DAYS,
            },
        )
    return PurgeResult(cutoff, deleted)
