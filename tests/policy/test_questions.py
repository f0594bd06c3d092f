"""Scenario questions: written with a concept, frozen with the version,
answered before signing."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Department
from compliance.dashboard import compliance_scope
from policy.models import (
    GuidelineVersion,
    ImmutableRecordError,
    ScenarioQuestion,
    Signature,
)
from policy.questions import MOST_MISSED, QuestionFigures, missed_first_time
from policy.rendering import text_sha256
from policy.services import version_create_draft, version_publish
from tests.policy.helpers import BODY, DOUBT, PHOTO, sign_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(publish):
    return publish(body=BODY, questions=[PHOTO, DOUBT])


def _draft(**question) -> GuidelineVersion:
    from policy.models import Guideline

    guideline = Guideline.objects.create(slug="test", title="Test")
    draft = GuidelineVersion.objects.create(guideline=guideline, body=BODY)
    draft.questions.create(**{**PHOTO, **question})
    return draft


@pytest.mark.parametrize(
    "question, message",
    [
        ({"option_2": ""}, "minstens twee antwoorden"),
        ({"correct": None}, "geen goed antwoord"),
        ({"correct": 3}, "geen goed antwoord"),  # points at an empty option
        ({"principle": "bestaat-niet"}, "die de tekst niet (meer) heeft"),
    ],
)
def test_publishing_refuses_an_incomplete_question(question, message):
    draft = _draft(**question)
    with pytest.raises(ValidationError) as exc:
        version_publish(version=draft, user=None)
    assert message in " ".join(exc.value.messages)
    draft.refresh_from_db()
    assert draft.is_concept


def test_publishing_refuses_a_question_whose_heading_left_the_text():
    draft = _draft()
    draft.body = "## Iets anders\n\nTekst.\n"
    draft.save()
    with pytest.raises(ValidationError, match="niet \\(meer\\) heeft"):
        version_publish(version=draft, user=None)


def test_questions_are_frozen_and_part_of_the_hash(version):
    assert version.body_sha256 != text_sha256(version.body)
    question = version.questions.first()
    question.option_1 = "Iets anders"
    with pytest.raises(ImmutableRecordError):
        question.save()
    with pytest.raises(ImmutableRecordError):
        question.delete()
    with pytest.raises(ImmutableRecordError):
        version.questions.update(correct=1)
    with pytest.raises(ImmutableRecordError):
        ScenarioQuestion.objects.filter(version=version).delete()


def test_the_same_text_with_other_questions_has_another_hash(publish):
    one = publish(slug="a", body=BODY, questions=[PHOTO])
    other = publish(slug="b", body=BODY, questions=[{**PHOTO, "correct": 1}])
    plain = publish(slug="c", body=BODY)
    assert len({one.body_sha256, other.body_sha256, plain.body_sha256}) == 3
    assert plain.body_sha256 == text_sha256(BODY)


def test_a_new_concept_starts_with_the_questions_in_force(version):
    draft = version_create_draft(guideline=version.guideline, user=None)
    assert [q.situation for q in draft.questions.all()] == [
        PHOTO["situation"],
        DOUBT["situation"],
    ]
    # The copy is the concept's own: editing it leaves the published ones be.
    draft.questions.filter(position=0).update(correct=1)
    assert version.questions.get(position=0).correct == 2


def test_a_minor_version_keeps_the_questions(version, approve_and_publish):
    draft = version_create_draft(guideline=version.guideline, user=None)
    draft.body = BODY.replace("twijfel", "twijfel ook")
    draft.save()
    minor = approve_and_publish(draft, is_minor=True, change_summary="Tikfout.")
    assert minor.questions.count() == 2
    assert minor.signatures_from_number == version.number


def test_a_minor_version_may_not_change_the_questions(version):
    draft = version_create_draft(guideline=version.guideline, user=None)
    draft.questions.filter(position=0).update(explanation="Anders uitgelegd.")
    with pytest.raises(ValidationError, match="kleine wijziging houdt"):
        version_publish(
            version=draft, user=None, is_minor=True, change_summary="Tikfout."
        )


def test_the_sign_form_shows_each_question_as_a_radio_group(medewerker_client, version):
    html = medewerker_client.get(reverse("policy:detail", args=["social-media"])).text
    form = html[html.index('id="sign-form"') :]
    assert form.count("<fieldset") == 2
    assert form.count("<legend") == 2
    assert PHOTO["situation"] in form
    question = version.questions.get(principle="grondbeginsel-6")
    assert len(re.findall(rf'type="radio" name="question_{question.pk}"', form)) == 2
    assert "aria-invalid" not in form


def test_a_wrong_answer_stores_nothing_and_explains(
    medewerker_client, medewerker, version
):
    url = reverse("policy:detail", args=["social-media"])
    response = medewerker_client.post(
        url, sign_answers(version, wrong={"grondbeginsel-6"})
    )
    assert response.status_code == HTTPStatus.OK
    assert not Signature.objects.filter(user=medewerker).exists()
    html = response.text
    assert 'id="sign-form"' in html
    wrong = version.questions.get(principle="grondbeginsel-6")
    right = version.questions.get(principle="grondbeginsel-1")
    block = html[html.index(f'id="vraag-{wrong.pk}"') :]
    block = block[: block.index("</fieldset>")]
    assert 'aria-invalid="true"' in block
    assert PHOTO["explanation"] in block
    assert 'href="#grondbeginsel-6"' in block
    assert "6. Geef nooit informatie over cliënten." in block
    # The heading it links to is on the page.
    assert 'id="grondbeginsel-6"' in html
    ok_block = html[html.index(f'id="vraag-{right.pk}"') :]
    ok_block = ok_block[: ok_block.index("</fieldset>")]
    assert "aria-invalid" not in ok_block


def test_an_unanswered_question_is_required(medewerker_client, medewerker, version):
    data = sign_answers(version)
    question = version.questions.first()
    del data[f"question_{question.pk}"]
    response = medewerker_client.post(
        reverse("policy:detail", args=["social-media"]), data
    )
    assert "Kies een antwoord." in response.text
    assert not Signature.objects.filter(user=medewerker).exists()


def test_right_answers_sign_and_record_the_attempts(
    medewerker_client, medewerker, version
):
    url = reverse("policy:detail", args=["social-media"])
    medewerker_client.post(url, sign_answers(version, wrong={"grondbeginsel-6"}))
    medewerker_client.post(url, sign_answers(version, wrong={"grondbeginsel-1"}))
    response = medewerker_client.post(url, sign_answers(version))
    assert response.status_code == HTTPStatus.FOUND
    signature = Signature.objects.get(user=medewerker)
    assert signature.attempts == 3
    # Only the first attempt counts as "wrong the first time".
    assert [q.principle for q in signature.missed_questions.all()] == [
        "grondbeginsel-6"
    ]
    assert 'id="signed"' in medewerker_client.get(url).text


def test_the_first_attempt_counts_whatever_device_signs_next(medewerker, version):
    from django.test import Client

    from policy.models import SignAttempt

    url = reverse("policy:detail", args=["social-media"])
    phone, laptop = Client(), Client()
    phone.force_login(medewerker)
    phone.post(url, sign_answers(version, wrong={"grondbeginsel-6"}))
    laptop.force_login(medewerker)
    laptop.post(url, sign_answers(version, wrong={"grondbeginsel-1"}))
    assert SignAttempt.objects.get(user=medewerker).wrong_attempts == 2
    assert laptop.post(url, sign_answers(version)).status_code == HTTPStatus.FOUND
    signature = Signature.objects.get(user=medewerker)
    assert signature.attempts == 3
    assert [q.principle for q in signature.missed_questions.all()] == [
        "grondbeginsel-6"
    ]
    assert not SignAttempt.objects.filter(user=medewerker).exists()


def test_right_the_first_time(medewerker_client, medewerker, version):
    url = reverse("policy:detail", args=["social-media"])
    medewerker_client.post(url, sign_answers(version))
    signature = Signature.objects.get(user=medewerker)
    assert signature.attempts == 1
    assert not signature.missed_questions.exists()


def test_beleid_sees_per_question_and_department_who_missed_it_first(
    client, user_factory, beleid, version
):
    pleegzorg = Department.objects.create(name="Pleegzorg")
    ambulant = Department.objects.create(name="Ambulant")
    url = reverse("policy:detail", args=["social-media"])
    for department, wrong in [
        (pleegzorg, {"grondbeginsel-6"}),
        (pleegzorg, set()),
        (ambulant, {"grondbeginsel-6", "grondbeginsel-1"}),
    ]:
        client.force_login(user_factory(department=department))
        if wrong:
            client.post(url, sign_answers(version, wrong=wrong))
        client.post(url, sign_answers(version))
    rows = missed_first_time(version, compliance_scope(beleid))
    photo = next(r for r in rows if r.question.principle == "grondbeginsel-6")
    assert photo.departments == [("Ambulant", 1, 1), ("Pleegzorg", 1, 2)]
    assert (photo.wrong, photo.total, photo.percentage) == (2, 3, 67)
    doubt = next(r for r in rows if r.question.principle == "grondbeginsel-1")
    assert doubt.departments == [("Ambulant", 1, 1), ("Pleegzorg", 0, 2)]

    client.force_login(beleid)
    html = client.get(reverse("compliance:guideline", args=["social-media"])).text
    assert 'id="question-figures"' in html
    assert PHOTO["situation"] in html
    figures = html.split('id="question-figures"')[1]
    photo_table = figures.split(PHOTO["situation"])[1].split("</table>")[0]
    # Where it went wrong most often first: Ambulant 1 of 1, Pleegzorg 1 of 2.
    assert photo_table.index("Ambulant") < photo_table.index("Pleegzorg")
    assert "1 (100%)" in photo_table and "1 (50%)" in photo_table


def test_a_question_names_the_departments_where_it_went_wrong_most():
    question = ScenarioQuestion(situation="Een foto van een kind")
    figures = QuestionFigures(
        question=question,
        departments=[(f"Afdeling {i:02d}", i % 4, 4) for i in range(12)]
        + [("Klein team", 1, 1), ("Niemand fout", 0, 9)],
    )
    shown = figures.most_missed()
    assert len(shown) == MOST_MISSED
    # By share first: 1 of 1 beats 3 of 4, then 3 of 4 by name.
    assert shown[0] == ("Klein team", 1, 1)
    assert [d[1] for d in shown[1:]] == [3, 3, 3, 2]
    assert shown[1][0] < shown[2][0] < shown[3][0]
    # 9 departments of 12 went wrong, plus Klein team: 10, five on the page.
    assert figures.missed_elsewhere == 10 - MOST_MISSED
    assert ("Niemand fout", 0, 9) not in figures.most_missed(limit=50)


def test_the_demo_version_1_comes_with_scenario_questions(settings):
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    version = GuidelineVersion.objects.get(guideline__slug="social-media", number=1)
    questions = list(version.questions.all())
    assert len(questions) >= 3
    anchors = set(version.sections.values_list("anchor", flat=True))
    for question in questions:
        assert question.principle in anchors
        assert len(question.options) >= 2
        assert question.correct in dict(question.options)
    assert "WhatsApp" in questions[0].situation
    from guidance.models import PublishedQuestion

    assert PublishedQuestion.objects.count() == 3


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(captured)


@pytest.mark.slow
def test_question_pages_need_the_same_queries_for_more_data(
    client, user_factory, beleid, publish
):
    from accounts.models import User
    from policy.services import signature_create

    many_questions = [
        {**PHOTO, "situation": f"{PHOTO['situation']} ({n})"} for n in range(8)
    ]
    version = publish(body=BODY, questions=many_questions)
    questions = list(version.questions.all())
    detail = reverse("policy:detail", args=["social-media"])
    compliance = reverse("compliance:guideline", args=["social-media"])

    def grow(departments: int, people: int) -> None:
        for d in range(departments):
            department = Department.objects.create(
                name=f"Afdeling {User.objects.count()} {d}"
            )
            for p in range(people):
                user = user_factory(department=department)
                signature_create(
                    user=user,
                    version=version,
                    attempts=2,
                    missed_questions=questions[: (p % len(questions)) + 1],
                )

    grow(1, 2)
    reader = user_factory(department=Department.objects.first())
    client.force_login(reader)
    small_detail = _queries(client, detail)
    client.force_login(beleid)
    small_compliance = _queries(client, compliance)
    grow(12, 15)
    client.force_login(reader)
    assert _queries(client, detail) == small_detail
    client.force_login(beleid)
    assert _queries(client, compliance) == small_compliance


def test_no_question_can_be_added_to_a_published_version(version):
    with pytest.raises(ImmutableRecordError):
        version.questions.create(**PHOTO)
