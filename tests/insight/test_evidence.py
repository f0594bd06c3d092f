"""Evidence that proves itself: the audit log's hash chain and
`manage.py verify_evidence`."""

from __future__ import annotations

import datetime
import io
import threading
import time

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, transaction

from audit.models import Action, AuditEvent
from audit.services import audit_chain_breaks, audit_purge, audit_record
from policy.models import Signature
from policy.services import signature_create

pytestmark = pytest.mark.django_db


def verify() -> str:
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="mismatches"):
        call_command("verify_evidence", stdout=out)
    return out.getvalue()


def sql(statement: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


AUDIT = AuditEvent._meta.db_table


@pytest.fixture
def entries(user_factory):
    user = user_factory()
    return [
        audit_record(action=Action.LOGIN, actor=user, details={"n": n, "tekst": "é"})
        for n in range(5)
    ]


def test_each_entry_carries_its_predecessors_hash(entries):
    assert entries[0].previous_hash in (
        "",
        AuditEvent.objects.order_by("pk")[0].previous_hash,
    )
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
        assert len(after.entry_hash) == 64
    assert "Evidence holds" in verify()


def test_a_changed_entry_is_found(entries):
    if connection.vendor == "postgresql":
        pytest.skip("the trigger refuses the update; the fault test goes around it")
    sql(f"UPDATE {AUDIT} SET actor_email = %s WHERE id = %s", ["x@y.z", entries[2].pk])
    assert f"audit entry {entries[2].pk}: its content" in verify_fails()


def test_a_removed_entry_is_found(entries):
    sql(f"DELETE FROM {AUDIT} WHERE id = %s", [entries[2].pk])
    assert f"audit entry {entries[3].pk}: it does not point" in verify_fails()


def test_the_purge_leaves_a_chain_that_holds(user_factory, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)):
        for _ in range(3):
            audit_record(action=Action.LOGOUT)
    with time_machine.travel(datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)):
        audit_record(action=Action.LOGOUT)
        assert audit_purge().deleted == 3
    assert audit_chain_breaks() == []
    # Removing the oldest remaining entries by hand is not a purge.
    sql(f"DELETE FROM {AUDIT} WHERE id = %s", [AuditEvent.objects.order_by("pk")[0].pk])
    assert [b.reason for b in audit_chain_breaks()] == ["start"]


def test_a_signature_that_no_longer_matches_its_version_is_found(medewerker, publish):
    version = publish()
    signature, _created = signature_create(user=medewerker, version=version)
    assert "1 signatures match" in verify()
    sql(
        f"UPDATE {Signature._meta.db_table} SET text_sha256 = %s WHERE id = %s",
        ["0" * 64, signature.pk],
    )
    assert f"signature {signature.pk}: hash {'0' * 64}" in verify_fails()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_entries_make_one_chain():
    """Workers writing entries at once, each in a transaction that takes a
    while: every entry still points at the one before it."""
    barrier = threading.Barrier(6)
    errors = []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():
                    audit_record(action=Action.LOGOUT, details={"worker": n, "i": i})
                    if connection.vendor == "postgresql":
                        sql("SELECT pg_sleep(0.01)", [])
                    else:
                        time.sleep(0.01)
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.count() == 30
    assert audit_chain_breaks() == []
