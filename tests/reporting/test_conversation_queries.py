"""The conversation, PR's queue counts and the answer step read in a fixed
number of queries, however long the history or the queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reporting.models import SignalEvent, StandardAnswer
from reporting.services import signal_update
from tests.helpers import count_queries
from tests.reporting.factories import bulk_signals, make_signal

pytestmark = pytest.mark.django_db


def add_conversation(signal, pr_user, reporter, rounds: int) -> None:
    SignalEvent.objects.bulk_create(
        SignalEvent(
            signal=signal,
            actor=pr_user if n % 2 else reporter,
            field=SignalEvent.Field.QUESTION if n % 2 else SignalEvent.Field.REPLY,
            new_value=f"Bericht {n}",
            public=True,
        )
        for n in range(rounds)
    )


def test_a_long_conversation_in_fixed_queries(
    client, medewerker, pr_user, django_assert_max_num_queries
):
    signal = make_signal(medewerker)
    signal_update(signal=signal, actor=pr_user, question="Waar stond het?")
    client.force_login(medewerker)
    url = signal.get_absolute_url()
    add_conversation(signal, pr_user, medewerker, 4)
    small = count_queries(client, url)
    add_conversation(signal, pr_user, medewerker, 400)
    with django_assert_max_num_queries(small):
        page = client.get(url)
    assert "Bericht 399" in page.text


@pytest.mark.slow
def test_pr_start_page_and_answer_step_in_fixed_queries(
    pr_client, pr_user, medewerker, django_assert_max_num_queries
):
    signal = make_signal(medewerker)
    bulk_signals(medewerker, pr_user, 5)
    StandardAnswer.objects.create(title="Een", text="Tekst een")
    answer = reverse("admin:reporting_signal_answer", args=[signal.pk])
    small_home = count_queries(pr_client, reverse("home"))
    small_answer = count_queries(pr_client, answer)
    bulk_signals(medewerker, pr_user, 4995)
    for n in range(30):
        StandardAnswer.objects.create(title=f"Antwoord {n}", text="Tekst")
    with django_assert_max_num_queries(small_home):
        pr_client.get(reverse("home"))
    with django_assert_max_num_queries(small_answer):
        pr_client.get(answer)
