"""Editing a richtlijn in the admin: one concept, publishing that cannot lose
or fake a change, and what the publish page tells the editor."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from policy.models import MAX_BODY_LENGTH, GuidelineVersion, VersionStatus
from policy.services import signature_create, version_create_draft

pytestmark = pytest.mark.django_db

TEXT = "## Inleiding\n\nGebruik je gezond verstand.\n\n## Privacy\n\nNooit namen.\n"


def _change_url(version) -> str:
    return reverse("admin:policy_guidelineversion_change", args=[version.pk])


def _publish_url(version) -> str:
    return reverse("admin:policy_guidelineversion_publish", args=[version.pk])


def _form(body: str, **extra) -> dict:
    """What the concept's change page posts: the text and the empty inline of
    scenario questions."""
    return {
        "body": body,
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        **extra,
    }


def _concept(publish, beleid, body=TEXT):
    first = publish(body=body)
    return first, version_create_draft(guideline=first.guideline, user=beleid)


def test_new_draft_form_opens_the_one_concept(beleid_client, beleid, publish):
    first = publish(body=TEXT)
    page_url = reverse("admin:policy_guideline_change", args=[first.guideline_id])
    assert 'id="new-draft-form"' in beleid_client.get(page_url).text
    url = reverse("admin:policy_guideline_new_draft", args=[first.guideline_id])

    one = beleid_client.post(url)
    two = beleid_client.post(url)

    concept = GuidelineVersion.objects.get(status=VersionStatus.CONCEPT)
    assert one["Location"] == two["Location"] == _change_url(concept)
    assert concept.body == first.body and concept.created_by == beleid
    page = beleid_client.get(page_url).text
    assert 'id="open-concept"' in page
    assert beleid.get_full_name() in page
    assert "Concept openen" in page
    assert beleid.get_full_name() in beleid_client.get(_change_url(concept)).text


def test_the_database_refuses_a_second_concept(publish, beleid):
    first, _concept_ = _concept(publish, beleid)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidelineVersion.objects.create(guideline=first.guideline, body="Nog een")


def test_add_form_refuses_a_second_concept_kindly(beleid_client, beleid, publish):
    first, concept = _concept(publish, beleid)
    response = beleid_client.post(
        reverse("admin:policy_guidelineversion_add"),
        {"guideline": first.guideline_id, "body": "Nog een concept"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "heeft al een concept" in response.text
    assert GuidelineVersion.objects.filter(status=VersionStatus.CONCEPT).count() == 1


def test_save_and_publish_saves_the_text_then_opens_the_publish_page(
    beleid_client, beleid, publish
):
    _first, concept = _concept(publish, beleid)
    page = beleid_client.get(_change_url(concept)).text
    assert 'name="_publish"' in page
    assert f'href="{_publish_url(concept)}"' in page
    assert _publish_url(concept).endswith("/publiceren/")

    response = beleid_client.post(
        _change_url(concept), _form(TEXT + "\nNieuwe zin.\n", _publish="1")
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _publish_url(concept)
    concept.refresh_from_db()
    assert "Nieuwe zin." in concept.body
    publish_page = beleid_client.get(response["Location"]).text
    assert 'id="publish-form"' in publish_page
    assert "<ins>" in publish_page and "Nieuwe" in publish_page


@pytest.mark.parametrize("is_minor", ["0", "1"])
@pytest.mark.parametrize(
    "body",
    [TEXT, TEXT.replace("\n\n", "\n\n\n") + "   \n", TEXT.replace(" ", "  ")],
    ids=["same", "blank-lines", "spaces"],
)
def test_an_unchanged_text_is_refused(beleid_client, beleid, publish, is_minor, body):
    _first, concept = _concept(publish, beleid)
    concept.body = body
    concept.save()
    response = beleid_client.post(
        _publish_url(concept), {"is_minor": is_minor, "change_summary": "Niets."}
    )
    assert response.status_code == HTTPStatus.OK
    assert "De tekst is dezelfde als die van versie 1" in response.text
    assert 'id="no-change"' in response.text
    concept.refresh_from_db()
    assert concept.status == VersionStatus.CONCEPT and concept.number is None
    assert GuidelineVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"is_minor": "0", "change_summary": "   "}, "verplicht vanaf versie 2"),
        (
            {"is_minor": "0", "change_summary": "Ok", "effective_date": "2020-01-01"},
            "niet in het verleden",
        ),
        ({"is_minor": "7", "change_summary": "Ok"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_publish_input_is_explained_and_nothing_stored(
    beleid_client, beleid, publish, data, message
):
    _first, concept = _concept(publish, beleid)
    concept.body = TEXT + "\nAnders.\n"
    concept.save()
    response = beleid_client.post(_publish_url(concept), data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    concept.refresh_from_db()
    assert concept.status == VersionStatus.CONCEPT


def test_empty_and_huge_texts_get_a_dutch_message(beleid_client, beleid, publish):
    _first, concept = _concept(publish, beleid)
    huge = beleid_client.post(_change_url(concept), _form("x" * 1_000_000))
    assert huge.status_code == HTTPStatus.OK
    assert "te lang" in huge.text and str(MAX_BODY_LENGTH) in huge.text.replace(".", "")
    concept.refresh_from_db()
    assert concept.body == TEXT

    beleid_client.post(_change_url(concept), _form("   \n  "))
    empty = beleid_client.post(
        _publish_url(concept), {"is_minor": "0", "change_summary": "Leeg"}
    )
    assert "zonder tekst" in empty.text
    concept.refresh_from_db()
    assert concept.status == VersionStatus.CONCEPT


def test_publish_page_says_who_signs_again_and_until_when(
    beleid_client, beleid, publish, user_factory, department
):
    first, concept = _concept(publish, beleid)
    signers = [user_factory(department=department) for _ in range(3)]
    user_factory(department=department)  # has not signed
    for user in signers:
        signature_create(user=user, version=first)
    concept.body = TEXT.replace("Nooit namen.", "Nooit namen of foto's.")
    concept.save()
    audience = first.guideline.audience().count()

    page = beleid_client.get(_publish_url(concept)).text

    assert f"Inhoudelijk: {audience} mensen worden gevraagd" in page
    assert f"Klein: 3 mensen houden hun handtekening; {audience - 3} moeten" in page
    deadline = datetime.date.today() + datetime.timedelta(days=14)
    assert f"{deadline.day} " in page and "Uiterste datum om te tekenen" in page
    redline = page.split('id="diff"')[1]
    assert "<ins>" in redline and "foto" in redline
    assert "##" not in redline


def test_saving_a_concept_published_meanwhile_keeps_the_typed_text(
    beleid_client, beleid, publish, user_factory, approve_and_publish
):
    _first, concept = _concept(publish, beleid)
    other = user_factory(groups=["Beleid"], is_staff=True)
    concept.body = TEXT + "\nVan de ander.\n"
    concept.save()
    approve_and_publish(concept, user=other, change_summary="Door de ander.")

    response = beleid_client.post(
        _change_url(concept), _form(TEXT + "\nMijn eigen zin.\n", _continue="1")
    )

    assert response.status_code == HTTPStatus.CONFLICT
    assert 'id="published-meanwhile"' in response.text
    assert "Mijn eigen zin." in response.text
    assert other.get_full_name() in response.text
    concept.refresh_from_db()
    assert "Van de ander." in concept.body and "Mijn eigen zin." not in concept.body


def test_publishing_twice_in_a_row_gives_one_version(
    beleid_client, beleid, publish, approve
):
    _first, concept = _concept(publish, beleid)
    concept.body = TEXT + "\nAnders.\n"
    concept.save()
    approve(concept)
    data = {"is_minor": "0", "change_summary": "Anders."}
    assert beleid_client.post(_publish_url(concept), data).status_code == 302
    again = beleid_client.post(_publish_url(concept), data)
    assert again.status_code == HTTPStatus.FOUND
    assert GuidelineVersion.objects.filter(number=2).count() == 1
    assert not GuidelineVersion.objects.filter(number=3).exists()


def test_versions_list_says_what_matters(beleid_client, beleid, publish):
    first = publish(body=TEXT)
    publish(body=TEXT + "\nTwee.\n", summary="Zin toegevoegd.", minor=True)
    publish(body=TEXT + "\nDrie.\n", summary="Principe aangescherpt.")
    concept = version_create_draft(guideline=first.guideline, user=beleid)
    page = beleid_client.get(
        reverse("admin:policy_guideline_change", args=[first.guideline_id])
    ).text
    assert "geldt nu" in page and "vervangen" in page and "concept" in page
    assert "klein" in page and "inhoudelijk" in page
    assert "Principe aangescherpt." in page and "Zin toegevoegd." in page
    assert "icon-no.svg" not in page
    row = page.split(str(concept))[1].split("</tr>")[0]
    assert "Weergeven op website" not in row
    # The richtlijn itself and its three published versions.
    assert page.count("Weergeven op website") == 4


def test_compare_page_is_a_redline_of_the_text_with_the_way_back(
    medewerker_client, medewerker, publish
):
    first = publish(body=TEXT + "\n### 6. Cliënten {#grondbeginsel-6}\n\n*B.v.: x*\n")
    publish(body=TEXT + "\n### 6. Cliënten {#grondbeginsel-6}\n\n*B.v.: y en z*\n")
    url = reverse("policy:compare", args=[first.guideline.slug, 1, 2])

    page = medewerker_client.get(url).text

    redline = page.split('id="diff"')[1].split("</main>")[0]
    assert "<em>B.v.: <del>x</del>" in redline or "<del>x</del>" in redline
    assert "<ins>y en z</ins>" in redline
    for markup in ("{#", "###", "*B.v."):
        assert markup not in redline
    assert 'id="redline-legend"' in page
    assert 'id="still-to-sign"' in page
    assert f'href="{first.guideline.get_absolute_url()}#sign-form"' in page

    signature_create(user=medewerker, version=first.guideline.version_in_force())
    signed = medewerker_client.get(url).text
    assert 'id="still-to-sign"' not in signed
    assert 'id="back-to-guideline"' in signed


def test_markup_stays_removed_in_preview_and_redline(beleid_client, beleid, publish):
    _first, concept = _concept(publish, beleid)
    concept.body = TEXT + (
        '\n<script>alert("x")</script>\n\n<p onmouseover="steal()">Hover</p>\n\n'
        "[klik](javascript:alert(1)) <img src=x onerror=alert(2)>\n"
    )
    concept.save()
    preview = beleid_client.get(_change_url(concept)).text
    preview = preview.split('class="admin-preview document"')[1].split("</fieldset>")[0]
    redline = beleid_client.get(_publish_url(concept)).text.split('id="diff"')[1]
    redline = redline.split("</main>")[0].split('<div id="footer"')[0]
    for html in (preview, redline):
        assert "Hover" in html
        for bad in ("<script", 'alert("x")', "onmouseover", "javascript:", "onerror"):
            assert bad not in html


def test_only_editors_see_the_published_meanwhile_page(pr_client, publish):
    version = publish(body=TEXT)
    response = pr_client.post(_change_url(version), {"body": "Iets"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_signing_deadline_must_lie_after_the_day_the_version_takes_effect(
    beleid_client, beleid, publish
):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from policy.services import version_publish

    _first, concept = _concept(publish, beleid)
    concept.body = TEXT + "\nAnders.\n"
    concept.save()
    today = timezone.localdate()
    later = today + datetime.timedelta(days=10)
    for data in [
        {"signing_deadline": "2000-01-01"},
        {"signing_deadline": today.isoformat()},
        {"effective_date": later.isoformat(), "signing_deadline": later.isoformat()},
    ]:
        response = beleid_client.post(
            _publish_url(concept), {"is_minor": "0", "change_summary": "Ok", **data}
        )
        assert response.status_code == HTTPStatus.OK, data
        assert "moet na de ingangsdatum liggen" in response.text, data
    with pytest.raises(ValidationError, match="na de ingangsdatum"):
        version_publish(
            version=concept,
            user=beleid,
            change_summary="Ok",
            signing_deadline=datetime.date(2000, 1, 1),
        )
    concept.refresh_from_db()
    assert concept.status == VersionStatus.CONCEPT
