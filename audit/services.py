"""Recording and purging audit entries."""

from __future__ import annotations

import datetime
import getpass
import os
from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.chain import Break, chain_lock, chain_verify
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


# Anonymous refusals are recorded at most once per client address, kind and
# window; how many were left out is kept (for up to LEFT_OUT_SECONDS) and
# written into the next entry of that kind from that address.
REFUSAL_WINDOW_SECONDS = 60
LEFT_OUT_SECONDS = 7 * 24 * 3600


def _count(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        if not cache.add(key, 1, timeout=LEFT_OUT_SECONDS):
            cache.incr(key)


def refusal_record(
    *, action: Action | str, details: dict, request: HttpRequest
) -> AuditEvent | None:
    """Record a refusal (CSRF failure, 403, 429).

    A logged-in person's refusals are one entry each. Anyone can provoke
    refusals without logging in, so those are throttled, counted in the cache
    as the rate limits are: one entry per client address and kind a minute,
    the next entry saying how many were left out (`left_out`). Returns the
    entry, or None when this refusal was only counted.
    """
    if _user(getattr(request, "user", None)) is not None:
        return audit_record(action=action, details=details, request=request)
    where = f"{action}:{client_ip(request) or 'unknown'}"
    window_key = f"audit:refusal:{where}"
    left_out_key = f"audit:refusal-left-out:{where}"
    if not cache.add(window_key, 1, timeout=REFUSAL_WINDOW_SECONDS):
        _count(left_out_key)
        return None
    left_out = cache.get(left_out_key, 0)
    if left_out:
        try:
            # decr, not delete: what another worker counted meanwhile stays.
            cache.decr(left_out_key, left_out)
        except ValueError:
            pass
        details = {**details, "left_out": left_out}
    return audit_record(action=action, details=details, request=request)


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
        chain_lock()
        deleted = AuditEvent.objects.purge_older_than(cutoff)
        details = {
            "deleted": deleted,
            "cutoff": cutoff.isoformat(),
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        }
        if deleted:
            # Where the chain now starts: the hash the oldest remaining
            # entry points at, so `verify_evidence` accepts that start.
            details["chain_anchor"] = (
                AuditEvent.objects.order_by("pk")
                .values_list("previous_hash", flat=True)
                .first()
                or ""
            )
        audit_record(action=Action.AUDIT_PURGED, details=details)
    return PurgeResult(cutoff, deleted)


def audit_chain_breaks() -> list[Break]:
    """Every place the audit log's hash chain does not hold (`audit.chain`),
    read in chunks whatever the size of the log."""
    purges = AuditEvent.objects.filter(action=Action.AUDIT_PURGED)
    anchors = {
        details.get("chain_anchor")
        for details in purges.values_list("details", flat=True)
        if details and details.get("chain_anchor")
    }
    entries = AuditEvent.objects.order_by("pk").iterator(chunk_size=5000)
    return list(chain_verify(entries, anchors))
