"""A refused sign form opens on its feedback, and a version's questions are
part of its redline on the compare and the publish page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from policy.models import GuidelineVersion, Signature
from policy.services import version_create_draft
from tests.policy.helpers import BODY, DOUBT, PHOTO, sign_answers

pytestmark = pytest.mark.django_db

URL = reverse("policy:detail", args=["social-media"])


@pytest.fixture
def version(publish):
    return publish(body=BODY, questions=[PHOTO, DOUBT])


def _summary(html: str) -> str:
    match = re.search(
        r'<div class="error-summary" id="sign-feedback".*?</div>', html, re.S
    )
    assert match, "no summary"
    return match[0]


def test_the_first_visit_has_no_summary_and_posts_to_where_it_will_be(
    medewerker_client, version
):
    html = medewerker_client.get(URL).text
    assert 'id="sign-feedback"' not in html
    assert re.search(
        r'<form id="sign-form" method="post" action="#sign-feedback"', html
    )


def test_a_wrong_answer_opens_on_a_summary_linking_to_the_question(
    medewerker_client, medewerker, version
):
    html = medewerker_client.post(
        URL, sign_answers(version, wrong={"grondbeginsel-6"})
    ).text
    assert not Signature.objects.filter(user=medewerker).exists()
    summary = _summary(html)
    wrong = version.questions.get(principle="grondbeginsel-6")
    right = version.questions.get(principle="grondbeginsel-1")
    assert "data-focus-on-load" in summary and 'tabindex="-1"' in summary
    assert "Je hebt nog niet getekend" in summary
    assert "Eén vraag is nog niet goed beantwoord" in summary
    assert f'href="#vraag-{wrong.pk}"' in summary
    assert f'href="#vraag-{right.pk}"' not in summary
    # The summary sits inside the sign form, above the questions.
    form_start = html.index('id="sign-form"')
    assert form_start < html.index('id="sign-feedback"') < html.index('id="vraag-')
    # The contract's hooks stay.
    block = html[html.index(f'id="vraag-{wrong.pk}"') :]
    block = block[: block.index("</fieldset>")]
    assert 'aria-invalid="true"' in block
    assert 'href="#grondbeginsel-6"' in block


def test_an_unanswered_question_and_the_checkbox_are_in_the_summary(
    medewerker_client, version
):
    data = sign_answers(version)
    question = version.questions.first()
    del data[f"question_{question.pk}"]
    del data["confirmed"]
    summary = _summary(medewerker_client.post(URL, data).text)
    assert f'href="#vraag-{question.pk}"' in summary
    assert "nog geen antwoord gekozen" in summary
    assert "nog niet aangevinkt" in summary
    assert 'href="#id_confirmed"' in summary
    assert "questions-error" not in summary  # nothing answered wrongly


def _concept_with(version: GuidelineVersion, **changes) -> GuidelineVersion:
    concept = version_create_draft(guideline=version.guideline, user=None)
    photo = concept.questions.get(principle="grondbeginsel-6")
    for name, value in changes.items():
        setattr(photo, name, value)
    photo.save()
    return concept


def test_the_compare_page_shows_changed_added_and_removed_questions(
    medewerker_client, publish, version
):
    changed = dict(PHOTO, explanation="Foto's van pleegkinderen deel je nooit.")
    added = dict(
        DOUBT,
        situation="Een journalist belt je op je vrije dag.",
        principle="grondbeginsel-1",
    )
    publish(body=BODY, questions=[changed, added])
    html = medewerker_client.get(
        reverse("policy:compare", args=["social-media", 1, 2])
    ).text
    diff = html[html.index('id="diff"') :]
    assert "Vragen bij het tekenen" in diff
    assert re.search(r"<ins>[^<]*pleegkinderen deel je nooit", diff)
    assert re.search(r"<del>[^<]*informatie over cliënten", diff)
    assert re.search(r"<ins>(<strong>[^<]*</strong>)?[^<]*journalist belt", diff)
    assert re.search(r"<del>(<strong>[^<]*</strong>)?[^<]*twijfelt", diff)


def test_the_publish_page_redlines_a_changed_question(beleid_client, version):
    concept = _concept_with(
        version, option_1="Dat mag nooit, ook niet als het kind lacht."
    )
    html = beleid_client.get(
        reverse("admin:policy_guidelineversion_publish", args=[concept.pk])
    ).text
    assert 'id="no-change"' not in html  # the same text, other questions
    diff = html[html.index('id="diff"') :]
    assert re.search(r"<ins>[^<]*nooit, ook niet", diff)
    assert re.search(r"<del>[^<]*mag,", diff), diff[:3000]


def test_a_removed_question_shows_as_deleted_on_the_publish_page(
    beleid_client, version
):
    concept = version_create_draft(guideline=version.guideline, user=None)
    concept.questions.filter(principle="grondbeginsel-1").delete()
    html = beleid_client.get(
        reverse("admin:policy_guidelineversion_publish", args=[concept.pk])
    ).text
    diff = html[html.index('id="diff"') :]
    assert re.search(r"<del>(<strong>[^<]*</strong>)?[^<]*twijfelt", diff)
