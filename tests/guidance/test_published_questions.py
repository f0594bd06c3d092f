"""PR publishes answered questions, anonymised, for everyone: /vragen/."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guidance.models import PublishedQuestion
from policy.models import Principle
from reporting.models import Status
from reporting.services import signal_update
from tests.policy.helpers import BODY
from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(medewerker, pr_user, publish):
    publish(body=BODY)
    signal = make_signal(
        medewerker,
        kind="vraag",
        title="Foto van Sanne op de teampagina?",
        description="Mag ik de foto van Sanne (8) van het uitje op onze pagina zetten?",
    )
    signal_update(signal=signal, actor=pr_user, status=Status.IN_PROGRESS)
    signal_update(
        signal=signal,
        actor=pr_user,
        status=Status.HANDLED,
        answer="Nee, geen foto's van pleegkinderen.",
    )
    signal.refresh_from_db()
    return signal


def _principle(anchor="grondbeginsel-6") -> Principle:
    return Principle.objects.get(anchor=anchor)


def _question(signal, **fields) -> PublishedQuestion:
    data = {
        "signal": signal,
        "principle": _principle(),
        "question": "Mag ik een foto van een pleegkind op de teampagina zetten?",
        "answer": "Nee. Je deelt nooit foto's of namen van pleegkinderen.",
        **fields,
    }
    return PublishedQuestion(**data)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"question": "Mag ik de foto van Sanne (8) van het uitje op onze pagina "
          "zetten?"}, "question", "tekst van de melder"),
        ({"answer": "Bel ons op 06-12345678."}, "answer", "persoonsgegevens"),
        ({"question": "Mag ik mailen naar ouder@example.com?"}, "question",
         "persoonsgegevens"),
    ],
)  # fmt: skip
def test_the_privacy_guard_checks_what_is_published(answered, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        _question(answered, **fields).full_clean()
    assert message in " ".join(exc.value.message_dict[field])


def test_the_reporters_name_is_refused(answered, medewerker):
    question = _question(
        answered, answer=f"Goed gevraagd, {medewerker.get_full_name()}: nee."
    )
    with pytest.raises(ValidationError, match="naam van de melder"):
        question.full_clean()


def test_only_an_answered_question_can_be_published(medewerker, publish):
    publish(body=BODY)
    criticism = make_signal(medewerker)
    with pytest.raises(ValidationError) as exc:
        _question(criticism).full_clean()
    assert "signal" in exc.value.message_dict


def test_pr_publishes_from_the_signal_in_the_admin(pr_client, pr_user, answered):
    answered.principles.add(_principle())
    listing = pr_client.get(reverse("guidance:questions")).text
    assert 'id="principle-counts-link"' in listing
    change = pr_client.get(reverse("admin:reporting_signal_change", args=[answered.pk]))
    assert 'id="publish-question"' in change.text
    add_url = reverse("admin:guidance_publishedquestion_add")
    form = pr_client.get(add_url, {"signal": answered.pk})
    assert form.status_code == HTTPStatus.OK
    # The signal's principle is proposed.
    assert f'<option value="{_principle().pk}" selected>' in form.text
    refused = pr_client.post(
        add_url,
        {
            "signal": answered.pk,
            "principle": _principle().pk,
            "question": answered.description,
            "answer": "Nee.",
        },
    )
    assert refused.status_code == HTTPStatus.OK
    assert not PublishedQuestion.objects.exists()
    done = pr_client.post(
        add_url,
        {
            "signal": answered.pk,
            "principle": _principle().pk,
            "question": "Mag ik een foto van een pleegkind op de teampagina zetten?",
            "answer": "Nee. Je deelt nooit foto's of namen van pleegkinderen.",
        },
    )
    assert done.status_code == HTTPStatus.FOUND
    assert PublishedQuestion.objects.get().published_by == pr_user


def test_staff_browse_questions_by_principle(client, medewerker, answered):
    first = _question(answered)
    first.full_clean()
    first.save()
    other = PublishedQuestion.objects.create(
        principle=_principle("grondbeginsel-1"),
        question="Ik twijfel over een grappige post. Wat nu?",
        answer="Bij twijfel niet plaatsen; overleg met PR en communicatie.",
    )
    client.force_login(medewerker)
    url = reverse("guidance:questions")
    html = client.get(url).text
    assert first.question in html and other.question in html
    assert 'href="/richtlijnen/social-media/#grondbeginsel-6"' in html
    assert answered.description not in html
    one = client.get(url, {"beginsel": _principle("grondbeginsel-1").pk}).text
    assert other.question in one and first.question not in one
    # A principle that is not listed is not found, whatever the id.
    assert client.get(url, {"beginsel": "x"}).status_code == HTTPStatus.NOT_FOUND
    assert 'id="principle-counts-link"' not in html


def test_question_list_queries_do_not_grow(
    client, medewerker, publish, django_assert_max_num_queries
):
    publish(body=BODY)
    principles = list(Principle.objects.all())
    PublishedQuestion.objects.bulk_create(
        PublishedQuestion(
            principle=principles[i % len(principles)],
            question=f"Vraag {i}?",
            answer=f"Antwoord {i}.",
        )
        for i in range(300)
    )
    client.force_login(medewerker)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("guidance:questions"))
    assert response.text.count("<dt") == 300
