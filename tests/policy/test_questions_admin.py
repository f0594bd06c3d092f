"""Beleid writes scenario questions with a concept in the admin."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.urls import reverse

from policy.models import GuidelineVersion, VersionStatus
from tests.policy.helpers import BODY

pytestmark = pytest.mark.django_db


def _inline(prefix: str, **question) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    data.update({f"{prefix}-0-{k}": v for k, v in question.items()})
    return data


def test_beleid_adds_a_question_to_a_concept_and_publishing_checks_it(
    beleid_client, beleid, publish, approve
):
    first = publish(body=BODY)
    beleid_client.post(
        reverse("admin:policy_guideline_new_draft", args=[first.guideline_id])
    )
    draft = GuidelineVersion.objects.get(status=VersionStatus.CONCEPT)
    url = reverse("admin:policy_guidelineversion_change", args=[draft.pk])
    page = beleid_client.get(url)
    # The principle is chosen from the concept's own headings.
    assert '<option value="grondbeginsel-6">' in page.text

    response = beleid_client.post(
        url,
        {
            "body": draft.body,
            **_inline(
                "questions",
                position="0",
                situation="Een cliënt appt je over haar hulpverlening.",
                option_1="Inhoudelijk terug appen.",
                option_2="",
                explanation="Inhoudelijke cliëntinformatie gaat niet via WhatsApp.",
                principle="grondbeginsel-6",
                correct="1",
            ),
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.text
    assert draft.questions.count() == 1

    publish_url = reverse("admin:policy_guidelineversion_publish", args=[draft.pk])
    refused = beleid_client.post(
        publish_url, {"is_minor": "0", "change_summary": "Vragen erbij"}
    )
    assert refused.status_code == HTTPStatus.OK
    assert "heeft minstens twee antwoorden nodig" in refused.text
    draft.refresh_from_db()
    assert draft.is_concept

    draft.questions.update(option_2="Voorstellen om even te bellen.", correct=2)
    approve(draft, by=beleid)
    done = beleid_client.post(
        publish_url, {"is_minor": "0", "change_summary": "Vragen erbij"}
    )
    assert done.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED

    # Published: the questions are shown, not editable.
    page = beleid_client.get(url)
    assert "Een cliënt appt je" in page.text
    assert 'name="questions-0-situation"' not in page.text
