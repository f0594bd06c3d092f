"""The audit log is append-only, readable by superusers only, and purged
only by `purge_audit` after the retention period."""

from __future__ import annotations

import datetime
from http import HTTPStatus
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import roles
from audit.models import Action, AppendOnlyError, AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(user_factory):
    return user_factory(is_superuser=True, is_staff=True)


@pytest.fixture
def event(medewerker) -> AuditEvent:
    return audit_record(
        action=Action.ACCESS_DENIED, actor=medewerker, details={"path": "/naleving/"}
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_entry_cannot_be_changed_or_deleted_through_the_orm(event):
    event.details = {"path": "/anders/"}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(details={})
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.details == {"path": "/naleving/"}


def test_a_stored_entry_read_back_cannot_be_saved_either(event):
    again = AuditEvent.objects.get(pk=event.pk)
    with pytest.raises(AppendOnlyError):
        again.save()


def test_when_is_stored_in_utc_and_shown_in_utc(superuser, event):
    assert event.at.utcoffset() == datetime.timedelta(0)
    page = logged_in(superuser).get(reverse("admin:audit_auditevent_changelist"))
    assert event.at.strftime("%Y-%m-%d %H:%M:%S UTC") in page.text


def test_only_superusers_see_the_log(superuser, pr_user, beleid, event, user_factory):
    changelist = reverse("admin:audit_auditevent_changelist")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    roles.ensure_groups()
    staff_with_all_permissions = user_factory(is_staff=True)
    from django.contrib.auth.models import Permission

    staff_with_all_permissions.user_permissions.set(
        Permission.objects.filter(content_type__app_label="audit")
    )
    for user in (pr_user, beleid, staff_with_all_permissions):
        client = logged_in(user)
        assert client.get(changelist).status_code == HTTPStatus.FORBIDDEN
        assert client.get(change).status_code == HTTPStatus.FORBIDDEN
        assert "auditlog" not in client.get(reverse("admin:index")).text.lower()

    client = logged_in(superuser)
    assert "Auditlog" in client.get(reverse("admin:index")).text
    page = client.get(changelist)
    assert page.status_code == HTTPStatus.OK
    assert event.actor_email in page.text


def test_nobody_adds_changes_or_deletes_in_the_admin(superuser, event):
    client = logged_in(superuser)
    add = reverse("admin:audit_auditevent_add")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.get(add).status_code == HTTPStatus.FORBIDDEN
    assert client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN

    page = client.get(change)
    assert page.status_code == HTTPStatus.OK
    assert 'name="_save"' not in page.text  # a read-only view
    assert "/naleving/" in page.text
    client.post(change, {"action": Action.LOGIN, "actor_email": "x@example.com"})

    changelist = client.get(reverse("admin:audit_auditevent_changelist"))
    assert 'name="action"' not in changelist.text  # no bulk actions either
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.actor_email) == (
        Action.ACCESS_DENIED,
        event.actor_email,
    )


def test_filters_and_search(superuser, medewerker, pr_user):
    audit_record(action=Action.LOGIN, actor=medewerker)
    audit_record(action=Action.LOGOUT, actor=pr_user)
    client = logged_in(superuser)
    url = reverse("admin:audit_auditevent_changelist")
    # The superuser's own login by force_login is in the log as well.
    by_action = client.get(url, {"action__exact": Action.LOGOUT})
    assert pr_user.email in by_action.text
    assert medewerker.email not in by_action.text
    by_actor = client.get(url, {"actor__id__exact": medewerker.pk})
    assert medewerker.email in by_actor.text
    assert pr_user.email not in by_actor.text
    search = client.get(url, {"q": pr_user.email})
    assert pr_user.email in search.text
    assert medewerker.email not in search.text
    today = datetime.date.today()
    by_date = client.get(
        url, {"at__year": today.year, "at__month": today.month, "at__day": today.day}
    )
    assert by_date.status_code == HTTPStatus.OK
    assert pr_user.email in by_date.text


def test_deleting_a_user_keeps_their_entries_with_the_email(user_factory):
    user = user_factory()
    email = user.email
    entry = audit_record(action=Action.LOGIN, actor=user)
    user.delete()
    stored = AuditEvent.objects.get(pk=entry.pk)
    assert stored.actor is None
    assert stored.actor_email == email


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_audit", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_only_entries_past_the_retention_period(settings, medewerker):
    settings.AUDIT_RETENTION_DAYS = 1826
    with time_machine.travel(datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)):
        old = audit_record(action=Action.LOGIN, actor=medewerker)
    with time_machine.travel(datetime.datetime(2021, 6, 1, 12, tzinfo=datetime.UTC)):
        recent = audit_record(action=Action.LOGIN, actor=medewerker)

    # 1826 days: five years with two leap days, so the 2020 entry is kept
    # until 2 January 2025.
    with time_machine.travel(datetime.datetime(2024, 12, 30, 12, tzinfo=datetime.UTC)):
        assert "deleted 0 " in purge()
    assert AuditEvent.objects.filter(pk=old.pk).exists()

    with time_machine.travel(datetime.datetime(2025, 1, 2, 12, tzinfo=datetime.UTC)):
        assert "would delete 1 " in purge("--dry-run")
        assert AuditEvent.objects.filter(pk=old.pk).exists()
        assert "deleted 1 " in purge()

    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    record = AuditEvent.objects.filter(action=Action.AUDIT_PURGED).latest("at", "pk")
    assert record.details["deleted"] == 1
    assert record.details["retention_days"] == 1826
    assert record.on_behalf_of_label.startswith("os:")
    assert record.at.date() == datetime.date(2025, 1, 2)


def test_retention_comes_from_the_setting(settings, medewerker):
    settings.AUDIT_RETENTION_DAYS = 30
    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)):
        audit_record(action=Action.LOGIN, actor=medewerker)
    with time_machine.travel(datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)):
        assert "deleted 1 " in purge()


def test_postgresql_refuses_sql_that_changes_an_entry(postgres_only, event):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError, match="cannot be changed"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET action = 'login' WHERE id = %s",
                [event.pk],
            )
    with pytest.raises(DatabaseError, match="cannot be changed"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET actor_id = %s WHERE id = %s",
                [event.actor_id + 1000, event.pk],
            )
    assert AuditEvent.objects.get(pk=event.pk).action == Action.ACCESS_DENIED


def test_postgresql_still_lets_an_account_be_deleted(postgres_only, user_factory):
    user = user_factory()
    entry = audit_record(action=Action.LOGIN, actor=user, on_behalf_of=user)
    user.delete()
    stored = AuditEvent.objects.get(pk=entry.pk)
    assert (stored.actor, stored.on_behalf_of) == (None, None)
    assert stored.actor_email == stored.on_behalf_of_label == entry.actor_email
