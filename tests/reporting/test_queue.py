"""PR's queue and its conversation: a filter for one's own signals, a mark
for a new reply, one button to ask the reporter, the conversation on the
answer page, dates in the short form."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts import roles
from reporting.models import Signal, Status
from reporting.services import signal_reply, signal_update
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:reporting_signal_changelist")


def _row(html: str, title: str) -> str:
    match = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(title)}.*?</tr>", html, re.S
    )
    assert match, title
    return match[0]


def test_the_filter_shows_what_is_assigned_to_me(
    pr_client, pr_user, user_factory, medewerker
):
    other = user_factory(groups=[roles.PR], is_staff=True)
    mine = make_signal(medewerker, title="Mijn melding")
    theirs = make_signal(medewerker, title="Van een collega")
    make_signal(medewerker, title="Van niemand")
    signal_update(signal=mine, actor=pr_user, assignee=pr_user)
    signal_update(signal=theirs, actor=other, assignee=other)

    page = pr_client.get(QUEUE).text
    assert "aan mij toegewezen" in page
    mine_only = pr_client.get(QUEUE + "?toegewezen=mij").text
    assert "Mijn melding" in mine_only
    assert "Van een collega" not in mine_only and "Van niemand" not in mine_only
    nobody = pr_client.get(QUEUE + "?toegewezen=niemand").text
    assert "Van niemand" in nobody and "Mijn melding" not in nobody


def test_a_new_reply_is_marked_until_pr_acts(pr_client, pr_user, medewerker):
    signal = make_signal(medewerker, title="Vraag over een foto")
    assert "reply-mark" not in _row(pr_client.get(QUEUE).text, "Vraag over een foto")
    signal_update(signal=signal, actor=pr_user, question="Welke foto?")
    signal_reply(signal=signal, reporter=medewerker, text="De foto van het uitje.")
    row = _row(pr_client.get(QUEUE).text, "Vraag over een foto")
    assert "nieuwe reactie" in row
    signal_update(signal=signal, actor=pr_user, assignee=pr_user)
    row = _row(pr_client.get(QUEUE).text, "Vraag over een foto")
    assert "reply-mark" not in row


def test_the_queue_shows_short_kinds_and_short_dates(pr_client, medewerker):
    signal = make_signal(
        medewerker, kind="vraag", url="", title="Mag dit?", platform="instagram"
    )
    row = _row(pr_client.get(QUEUE).text, "Mag dit?")
    due = date_format(signal.due_date, "SHORT_DATE_FORMAT")
    assert re.search(rf'class="field-due[^"]*">{due}<', row), row
    received = date_format(
        timezone.localtime(signal.created_at), "SHORT_DATETIME_FORMAT"
    )
    assert received in row
    # "Vraag", with the full label for whoever points at it.
    assert re.search(
        r'<span class="kind" title="Vraag: mag ik dit plaatsen\?">Vraag</span>', row
    )


def _change_data(signal: Signal, **extra) -> dict:
    return {
        "status": signal.status,
        "priority": signal.priority,
        "assignee": "",
        "answer": "",
        "closing_reason": "",
        "question": "",
        "note": "",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        **extra,
    }


def test_asking_the_reporter_is_one_button_and_sets_the_status(pr_client, medewerker):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    page = pr_client.get(url).text
    assert re.search(
        r'<a href="#id_question" id="ask-reporter"[^>]*>Vraag stellen aan melder</a>',
        page,
    )
    # Without the script too: a question with the status left as it was.
    response = pr_client.post(url, _change_data(signal, question="Welke groep?"))
    assert response.status_code == HTTPStatus.FOUND
    signal.refresh_from_db()
    assert signal.status == Status.AWAITING_REPORTER
    assert signal.events.get(field="question").new_value == "Welke groep?"


def test_a_closed_signal_has_no_ask_button(pr_client, pr_user, medewerker):
    signal = make_signal(medewerker)
    signal_update(signal=signal, actor=pr_user, status=Status.IN_PROGRESS)
    signal_update(signal=signal, actor=pr_user, status=Status.HANDLED, answer="Klaar.")
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    assert 'id="ask-reporter"' not in pr_client.get(url).text


def test_the_answer_page_shows_the_conversation_so_far(pr_client, pr_user, medewerker):
    signal = make_signal(medewerker)
    url = reverse("admin:reporting_signal_answer", args=[signal.pk])
    assert "Nog geen vragen of reacties" in pr_client.get(url).text
    signal_update(signal=signal, actor=pr_user, question="Welke groep was het?")
    signal_reply(signal=signal, reporter=medewerker, text="De oudergroep.")
    signal_update(signal=signal, actor=pr_user, note="Intern: navragen")
    page = pr_client.get(url).text
    conversation = page[
        page.index('id="conversation"') : page.index('id="answer-form"')
    ]
    assert conversation.index("Welke groep was het?") < conversation.index(
        "De oudergroep."
    )
    assert "Vraag van PR" in conversation and "Melder" in conversation
    assert "Intern" not in conversation
