"""Signing again every so many months: a signature older than the richtlijn's
interval no longer counts; the pages ask again, the reminders remind as for a
new version, and the figures stay exact while only time passes."""

from __future__ import annotations

import datetime
import itertools
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Department, User
from compliance.dashboard import Scope, compliance_overview, compliance_scope
from compliance.figures import figures_catch_up
from policy.models import (
    Guideline,
    GuidelineVersion,
    Reminder,
    Signature,
    VersionStatus,
    counting_since,
    signature_runs_out,
    versions_in_force_for,
)
from policy.reminders import RENEWAL, send_reminders
from policy.services import NotSignableError, signature_create, version_publish
from tests.policy.helpers import Rollback, from_scratch, stored

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
SIGNED = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM)
LAST_DAY = datetime.datetime(2027, 3, 2, 23, 30, tzinfo=AMSTERDAM)
RAN_OUT = datetime.datetime(2027, 3, 3, 0, 30, tzinfo=AMSTERDAM)


def test_the_interval_counts_in_calendar_days():
    # Signed on 3 March: it counts through 2 March a year later.
    assert signature_runs_out(SIGNED, 12) == datetime.date(2027, 3, 3)
    assert counting_since(12, datetime.date(2027, 3, 2)) <= SIGNED
    assert counting_since(12, datetime.date(2027, 3, 3)) > SIGNED
    assert counting_since(None) is None
    # 31 January plus one month: February is shorter, so it counts through
    # its last day and runs out on 1 March.
    january = datetime.datetime(2027, 1, 31, 12, tzinfo=AMSTERDAM)
    assert signature_runs_out(january, 1) == datetime.date(2027, 3, 1)
    assert counting_since(1, datetime.date(2027, 2, 28)) <= january
    assert counting_since(1, datetime.date(2027, 3, 1)) > january


@pytest.fixture
def yearly(publish):
    with time_machine.travel(SIGNED - datetime.timedelta(days=1), tick=False):
        version = publish(slug="privacy", title="Privacy")
        guideline = version.guideline
        guideline.resign_interval_months = 12
        guideline.save()  # as the admin does: the figures follow
    return GuidelineVersion.objects.select_related("guideline").get(pk=version.pk)


def test_a_signature_older_than_the_interval_is_asked_again(client, medewerker, yearly):
    detail = reverse("policy:detail", args=["privacy"])

    def page(url=detail) -> str:
        client.force_login(medewerker)  # a year idle ends any session
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    with time_machine.travel(SIGNED, tick=False):
        signature_create(user=medewerker, version=yearly)
    with time_machine.travel(LAST_DAY, tick=False):
        shown = page()
        assert 'id="signed"' in shown and 'id="sign-form"' not in shown
        assert [v.is_signed for v in versions_in_force_for(medewerker)] == [True]
    with time_machine.travel(RAN_OUT, tick=False):
        assert not Signature.objects.counting_for(yearly).exists()
        assert medewerker in yearly.unsigned()
        shown = page()
        assert 'id="sign-form"' in shown and 'id="signed"' not in shown
        assert 'id="signature-ran-out"' in shown and "3 maart 2026" in shown
        assert "om de 12 maanden opnieuw" in shown
        assert "Privacy" in page(reverse("home"))
        assert [v.is_signed for v in versions_in_force_for(medewerker)] == [False]

        again, created = signature_create(user=medewerker, version=yearly)
        assert created and again.renewal == 1
        # Signing twice is still harmless: the new signature counts.
        assert signature_create(user=medewerker, version=yearly) == (again, False)
        shown = page()
        assert 'id="signed"' in shown and 'id="sign-form"' not in shown
    assert Signature.objects.filter(user=medewerker, version=yearly).count() == 2


def test_without_an_interval_a_signature_counts_however_old(medewerker, publish):
    with time_machine.travel(SIGNED, tick=False):
        version = publish(slug="privacy")
        signature_create(user=medewerker, version=version)
    with time_machine.travel(SIGNED + datetime.timedelta(days=3650), tick=False):
        assert Signature.objects.counting_for(version).filter(user=medewerker)


def test_reminders_ask_again_as_for_a_new_version(
    medewerker, user_factory, yearly, django_capture_on_commit_callbacks
):
    never = user_factory()  # never signed: the version's own reminders
    with time_machine.travel(SIGNED, tick=False):
        signature_create(user=medewerker, version=yearly)
    window = yearly.signing_deadline - yearly.effective_date
    with time_machine.travel(LAST_DAY, tick=False):
        plan = send_reminders(dry_run=True)
        assert medewerker not in plan.employees and never in plan.employees
    with time_machine.travel(RAN_OUT, tick=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            plan = send_reminders()
        kind = f"{RENEWAL}20270303-effective"
        assert plan.employees[medewerker] == [(yearly, kind)]
        sent = [m for m in mail.outbox if m.to == [medewerker.email]]
        deadline = datetime.date(2027, 3, 3) + window
        assert len(sent) == 1
        assert f"opnieuw tekenen vóór {deadline:%d-%m-%Y}" in sent[0].body
        assert "om de 12 maanden" in sent[0].body
        # Every reminder once: a second run the same day sends nothing.
        assert medewerker not in send_reminders(dry_run=True).employees
    overdue = datetime.datetime.combine(
        deadline + datetime.timedelta(days=1), datetime.time(9), AMSTERDAM
    )
    with time_machine.travel(overdue, tick=False):
        plan = send_reminders()
        assert plan.employees[medewerker] == [(yearly, f"{RENEWAL}20270303-overdue-0")]
        signature_create(user=medewerker, version=yearly)
        assert medewerker not in send_reminders(dry_run=True).employees
    kinds = set(Reminder.objects.filter(user=medewerker).values_list("kind", flat=True))
    assert kinds == {f"{RENEWAL}20270303-effective", f"{RENEWAL}20270303-overdue-0"}


def test_the_figures_follow_time_without_a_job(medewerker, beleid, yearly):
    scope = compliance_scope(beleid)
    with time_machine.travel(SIGNED, tick=False):
        signature_create(user=medewerker, version=yearly)
        (row,) = compliance_overview(scope).rows
        assert (row.audience, row.signed) == (2, 1)
    with time_machine.travel(RAN_OUT, tick=False):
        (row,) = compliance_overview(scope).rows
        assert (row.audience, row.signed) == (2, 0)
        assert stored() == from_scratch()
        signature_create(user=medewerker, version=yearly)
        (row,) = compliance_overview(scope).rows
        assert (row.audience, row.signed) == (2, 1)


def test_the_daily_recount_is_idempotent(medewerker, yearly):
    with time_machine.travel(SIGNED, tick=False):
        signature_create(user=medewerker, version=yearly)
    with time_machine.travel(RAN_OUT, tick=False):
        assert stored() != from_scratch()  # nobody has read the figures yet
        call_command("recount_compliance", "--expired", stdout=None)
        assert stored() == from_scratch()
        before = stored()
        call_command("recount_compliance", "--expired", stdout=None)
        assert stored() == before
        fresh = Guideline.objects.get(pk=yearly.guideline_id).figures_fresh_until
        assert fresh == datetime.date(2028, 3, 3)


PEOPLE = 5
TEXTS = itertools.count()


def publish(guideline: Guideline, *, minor: bool) -> None:
    """A new version: the clock stands still, so its text names a counter."""
    in_force = guideline.versions.filter(status=VersionStatus.PUBLISHED).exists()
    draft = GuidelineVersion.objects.create(
        guideline=guideline, body=f"## Tekst\n\nVersie {next(TEXTS)}.\n"
    )
    version_publish(
        version=draft,
        user=None,
        change_summary="Gewijzigd",
        is_minor=minor and in_force,
        effective_date=None,
        approval_waived=True,
    )


START = datetime.datetime(2026, 1, 31, 9, 0, tzinfo=AMSTERDAM)


def _event(kind: str, a: int, b: int, people, traveller) -> None:
    guideline = Guideline.objects.get(slug=f"r{b % 3}")
    if kind == "sign":
        version = guideline.version_in_force()
        if version is not None:
            try:
                signature_create(user=people[a % PEOPLE], version=version)
            except NotSignableError:
                pass
    elif kind == "wait":
        traveller.shift(datetime.timedelta(days=a * 20 + b))
    elif kind == "interval":
        guideline.resign_interval_months = [None, 1, 6, 12][a % 4]
        guideline.save()
    elif kind == "publish":
        publish(guideline, minor=a % 2 == 0)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["sign"] * 4 + ["wait"] * 2 + ["interval", "publish"]),
            st.integers(0, 20),
            st.integers(0, 20),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_figures_equal_a_count_from_scratch_as_time_passes(events):
    with time_machine.travel(START, tick=False) as traveller:
        try:
            with transaction.atomic():
                department = Department.objects.create(name="Pleegzorg")
                people = [
                    User.objects.create_user(
                        email=f"p{n}@sterkhuis.test", department=department
                    )
                    for n in range(PEOPLE)
                ]
                for g in range(3):
                    guideline = Guideline.objects.create(
                        slug=f"r{g}", title=f"R{g}", resign_interval_months=g or None
                    )
                    publish(guideline, minor=False)
                everything = Scope(True, (department,))
                for kind, a, b in events:
                    _event(kind, a, b, people, traveller)
                    # What the pages show (they catch up first) is the truth.
                    truth = from_scratch()
                    expected = {}
                    for (version, _population, _department), cell in truth.items():
                        total = expected.setdefault(version, [0, 0])
                        total[0] += cell[0]
                        total[1] += cell[1]
                    in_force = set(
                        GuidelineVersion.objects.in_force().values_list("pk", flat=True)
                    )
                    shown = {
                        row.version.pk: [row.audience, row.signed]
                        for row in compliance_overview(everything).rows
                        if row.audience
                    }
                    assert shown == {
                        pk: cell for pk, cell in expected.items() if pk in in_force
                    }, (kind, a, b)
                    figures_catch_up(Guideline.objects.all())
                    assert stored() == truth, (kind, a, b)
                raise Rollback
        except Rollback:
            pass
