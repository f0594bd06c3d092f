"""A signal with a record in the datalekregister says so, in PR's queue and on
its change page: that the record exists and its status in words. Only whoever
may open the record (the privacy officer, superusers) gets a link to it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from datalek.models import Breach, Source, Status
from reporting.models import Signal
from tests.helpers import count_queries
from tests.reporting.factories import bulk_signals, make_signal

pytestmark = pytest.mark.django_db

QUEUE = "admin:reporting_signal_changelist"


@pytest.fixture
def breached(medewerker):
    signal = make_signal(
        medewerker, title="Foto van een pleegkind", possible_breach=True
    )
    breach = signal.breach
    breach.status = Status.UNDER_ASSESSMENT
    breach.save()
    return signal


@pytest.fixture
def privacy_pr(user_factory):
    """Someone in PR who is also the privacy officer."""
    return user_factory(groups=[roles.PR, roles.PRIVACY], is_staff=True)


def test_pr_reads_that_a_breach_record_exists_and_its_status_without_a_link(
    pr_client, breached
):
    breach = breached.breach
    page = pr_client.get(reverse("admin:reporting_signal_change", args=[breached.pk]))
    notice = page.text.split('id="breach-record"', 1)[1].split("</p>", 1)[0]
    assert f"als {breach}, status: in beoordeling" in notice
    assert "nog te beoordelen" in notice
    assert "Alleen de privacyfunctionaris opent het datalek zelf." in notice
    assert breach.get_absolute_url() not in page.text
    assert 'id="breach-record-link"' not in page.text

    queue = pr_client.get(reverse(QUEUE))
    assert f'<span class="breach-record">{breach}: in beoordeling</span>' in queue.text
    assert breach.get_absolute_url() not in queue.text


@pytest.mark.parametrize("who", ["privacy officer", "superuser"])
def test_whoever_may_open_the_record_gets_a_link_to_it(
    client, user_factory, privacy_pr, breached, who
):
    user = (
        privacy_pr
        if who == "privacy officer"
        else user_factory(is_staff=True, is_superuser=True)
    )
    client.force_login(user)
    breach = breached.breach
    url = breach.get_absolute_url()
    page = client.get(reverse("admin:reporting_signal_change", args=[breached.pk]))
    assert f'href="{url}" id="breach-record-link"' in page.text
    assert "status: in beoordeling" in page.text
    assert "Alleen de privacyfunctionaris" not in page.text

    queue = client.get(reverse(QUEUE))
    assert (
        f'<a class="breach-record" href="{url}">{breach}: in beoordeling</a>'
        in queue.text
    )
    assert client.get(url).status_code == 200


def test_a_signal_without_a_record_shows_none(pr_client, medewerker):
    signal = make_signal(medewerker)
    page = pr_client.get(reverse("admin:reporting_signal_change", args=[signal.pk]))
    assert 'id="breach-record"' not in page.text
    assert 'class="breach-record"' not in pr_client.get(reverse(QUEUE)).text


def bulk_breaches(count: int) -> None:
    now = timezone.now()
    signals = Signal.objects.filter(breach__isnull=True)[:count]
    Breach.objects.bulk_create(
        Breach(
            signal=signal,
            signal_number=signal.pk,
            source=Source.PR,
            reported_at=now - datetime.timedelta(hours=n % 70),
            aware_at=now - datetime.timedelta(hours=n % 70),
            status=list(Status)[n % 2],
        )
        for n, signal in enumerate(signals)
    )
    Signal.objects.filter(breach__isnull=False).update(possible_breach=True)


@pytest.mark.parametrize("who", ["pr", "superuser"])
def test_the_queue_shows_the_records_in_fixed_queries(
    client, user_factory, pr_user, medewerker, django_assert_max_num_queries, who
):
    user = pr_user if who == "pr" else user_factory(is_staff=True, is_superuser=True)
    client.force_login(user)
    url = reverse(QUEUE)
    bulk_signals(medewerker, pr_user, 5)
    bulk_breaches(2)
    small = count_queries(client, url)
    bulk_signals(medewerker, pr_user, 995)
    bulk_breaches(400)
    with django_assert_max_num_queries(small):
        page = client.get(url)
    assert page.text.count('class="breach-record"') == 100  # a full page
