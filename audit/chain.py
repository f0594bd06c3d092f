"""The audit log as a hash chain (NEN 7513: integrity of the logging).

Each entry stores the hash of the entry before it (`previous_hash`) and its
own (`entry_hash`): the SHA-256 of the previous hash and the entry's content.
An entry changed afterwards no longer matches its hash; an entry removed
leaves its successor pointing at a hash that is not there. `chain_verify`
walks the log and says where.

Entries are chained in the order of their ids, under one lock: on PostgreSQL
an advisory lock held until the inserting transaction ends, taken and the
predecessor read in one query (`chain_head`), so two workers never take the
same predecessor. (SQLite, for development, writes one
transaction at a time anyway.) The links to accounts (`actor`,
`on_behalf_of`) are not hashed: Django clears them when an account is
deleted, the one change the database allows; the e-mail addresses kept
beside them are hashed.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

# pg_advisory_xact_lock's key for the audit chain (any constant will do).
CHAIN_LOCK = 7513_0001
HASHED_FIELDS = [
    "action",
    "actor_email",
    "on_behalf_of_label",
    "object_type",
    "object_id",
    "object_repr",
    "user_agent",
]


def _ip(value) -> str:
    if not value:
        return ""
    try:
        return ipaddress.ip_address(str(value)).compressed
    except ValueError:
        return str(value)


def _moment(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def entry_hash(entry, previous_hash: str) -> str:
    """The hash of `entry` (an AuditEvent) chained to `previous_hash`."""
    content = {name: getattr(entry, name) or "" for name in HASHED_FIELDS}
    content["at"] = _moment(entry.at)
    content["ip_address"] = _ip(entry.ip_address)
    # The details as the database gives them back (a JSON round trip).
    content["details"] = json.loads(json.dumps(entry.details or {}))
    canonical = json.dumps(
        {"previous": previous_hash, **content},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def chain_lock() -> None:
    """Serialise the chaining of new entries until this transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def chain_head() -> str:
    """Take the chain's lock (until this transaction ends) and return the
    newest entry's hash: one query on PostgreSQL (`audit_chain_head`, from
    the migration that made the chain), the newest row on SQLite."""
    from audit.models import AuditEvent

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_chain_head(%s)", [CHAIN_LOCK])
            return cursor.fetchone()[0] or ""
    newest = AuditEvent.objects.order_by("-pk").values_list("entry_hash", flat=True)
    return newest.first() or ""


@dataclass
class Break:
    entry_id: int
    reason: str


def chain_verify(entries, anchors: set[str]) -> Iterator[Break]:
    """Walk `entries` (in id order) and yield every place the chain breaks.

    `anchors`: hashes the first remaining entry may point at, because the
    purge removed its predecessors and recorded the last one's hash.
    """
    previous = None
    for entry in entries:
        expected = entry_hash(entry, entry.previous_hash)
        if entry.entry_hash != expected:
            yield Break(entry.pk, "content")
        if previous is None:
            if entry.previous_hash and entry.previous_hash not in anchors:
                yield Break(entry.pk, "start")
        elif entry.previous_hash != previous:
            yield Break(entry.pk, "link")
        previous = entry.entry_hash
