"""Each app declares its audit events and registers them in its AppConfig;
the audit log takes its choices from that registry, without a migration."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import models

from accounts.audit_events import AccountsAction
from audit import events
from audit.models import Action, AuditEvent, UnknownEventError
from audit.services import audit_chain_breaks, audit_record
from datalek.audit_events import DatalekAction
from policy.audit_events import PolicyAction
from reporting.audit_events import ReportingAction

# The codes recorded before the apps declared their own: they are hashed
# into the chain, so none may be renamed or lost when events move.
RECORDED_CODES = {
    "login", "login_failed", "sso_refused", "logout", "password_changed",
    "password_set", "password_reset", "mfa_added", "mfa_removed", "mfa_reset",
    "mfa_failed", "version_published", "review_requested", "version_approved",
    "version_returned", "guideline_withdrawn", "export", "signal_viewed",
    "attachment_viewed", "signal_changed", "staff_imported", "access_denied",
    "csrf_failed", "rate_limited", "audit_purged", "breach_opened",
    "breach_viewed", "breach_changed", "breach_purged",
}  # fmt: skip

DECLARED = [Action, AccountsAction, PolicyAction, ReportingAction, DatalekAction]


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps left it, restored after the test."""
    monkeypatch.setattr(events, "_registry", dict(events._registry))


def test_every_app_registers_its_events():
    registered = dict(events.choices())
    for declared in DECLARED:
        for member in declared:
            assert registered[member.value] == member.label
    assert RECORDED_CODES <= set(registered)
    field = AuditEvent._meta.get_field("action")
    assert dict(field.flatchoices) == registered


@pytest.mark.django_db
def test_an_apps_event_is_shown_by_its_label(medewerker):
    event = audit_record(action=PolicyAction.VERSION_PUBLISHED, actor=medewerker)
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.action == "version_published"
    assert event.get_action_display() == "versie gepubliceerd"
    assert str(event).endswith("versie gepubliceerd")


@pytest.mark.django_db
def test_an_unregistered_action_is_refused_and_nothing_is_written(medewerker):
    before = AuditEvent.objects.count()
    with pytest.raises(UnknownEventError, match="no_such_event"):
        audit_record(action="no_such_event", actor=medewerker)
    assert AuditEvent.objects.count() == before


def test_a_code_declared_twice_is_refused(registry):
    class Copy(models.TextChoices):
        FRESH = "fresh_event", "nieuw"
        LOGIN = "login", "ook ingelogd"

    with pytest.raises(ImproperlyConfigured, match="'login' is declared by both"):
        events.register(Copy)
    # Nothing of the refused class is registered.
    assert not events.is_registered("fresh_event")
    assert dict(events.choices())["login"] == Action.LOGIN.label
    # The same class again changes nothing.
    before = events.choices()
    events.register(Action)
    assert events.choices() == before


def test_a_code_longer_than_the_column_is_refused(registry):
    class TooLong(models.TextChoices):
        LONG = "x" * (events.MAX_LENGTH + 1), "te lang"

    with pytest.raises(ImproperlyConfigured, match="longer than 32"):
        events.register(TooLong)


@pytest.mark.django_db
def test_a_new_event_needs_no_migration_and_joins_the_chain(registry, medewerker):
    class NewAction(models.TextChoices):
        THING_DONE = "thing_done", "iets gedaan"

    events.register(NewAction)
    event = audit_record(action=NewAction.THING_DONE, actor=medewerker)
    assert AuditEvent.objects.get(pk=event.pk).get_action_display() == "iets gedaan"
    assert audit_chain_breaks() == []
    # Exits with an error when a migration would be needed.
    call_command("makemigrations", "audit", "--check", "--dry-run", verbosity=0)
