from __future__ import annotations

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts import roles
from policy.models import GuidelineVersion, VersionStatus

pytestmark = pytest.mark.django_db


def test_beleid_sees_the_richtlijn_with_its_versions(beleid_client, publish):
    version = publish(title="Richtlijnen social media")
    listing = beleid_client.get(reverse("admin:policy_guideline_changelist"))
    assert "Richtlijnen social media" in listing.text
    page = beleid_client.get(
        reverse("admin:policy_guideline_change", args=[version.guideline_id])
    )
    assert page.status_code == HTTPStatus.OK
    assert "Nieuw concept" in page.text
    assert str(version) in page.text


def test_beleid_creates_a_concept_prefilled_and_previews_it(beleid_client, publish):
    first = publish(body="## Inleiding\n\nDe **eerste** tekst.\n")
    url = reverse("admin:policy_guideline_new_draft", args=[first.guideline_id])

    response = beleid_client.post(url)
    draft = GuidelineVersion.objects.get(status=VersionStatus.CONCEPT)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(
        "admin:policy_guidelineversion_change", args=[draft.pk]
    )
    assert draft.body == first.body

    page = beleid_client.get(response["Location"])
    assert page.status_code == HTTPStatus.OK
    assert "<strong>eerste</strong>" in page.text  # the rendered preview
    assert 'id="publish-link"' in page.text


def test_beleid_publishes_a_material_version(beleid_client, beleid, publish, approve):
    first = publish()
    draft = GuidelineVersion.objects.create(
        guideline=first.guideline, body="## Nieuw\n\nAnders.\n"
    )
    url = reverse("admin:policy_guidelineversion_publish", args=[draft.pk])

    missing = beleid_client.post(url, {"is_minor": "0", "change_summary": ""})
    assert missing.status_code == HTTPStatus.OK
    assert "verplicht vanaf versie 2" in missing.text
    draft.refresh_from_db()
    assert draft.status == VersionStatus.CONCEPT

    approve(draft, by=beleid)
    response = beleid_client.post(
        url, {"is_minor": "0", "change_summary": "Principe 6 aangescherpt"}
    )
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.number == 2
    assert draft.published_by == beleid
    assert draft.signatures_from_number == 2
    assert first.guideline.version_in_force() == draft


def test_published_version_is_read_only_in_the_admin(beleid_client, publish):
    version = publish()
    url = reverse("admin:policy_guidelineversion_change", args=[version.pk])
    page = beleid_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'name="body"' not in page.text

    beleid_client.post(url, {"body": "Gewijzigd"})
    version.refresh_from_db()
    assert version.body.startswith("## Inleiding")

    delete = reverse("admin:policy_guidelineversion_delete", args=[version.pk])
    assert beleid_client.post(delete, {"post": "yes"}).status_code == 403
    assert GuidelineVersion.objects.filter(pk=version.pk).exists()


def test_beleid_withdraws_a_richtlijn(beleid_client, publish):
    version = publish()
    url = reverse("admin:policy_guideline_withdraw", args=[version.guideline_id])
    assert "intrekken" in beleid_client.get(url).text.lower()
    response = beleid_client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    version.refresh_from_db()
    assert version.status == VersionStatus.WITHDRAWN


def test_medewerker_cannot_use_the_admin(client, user_factory, publish):
    version = publish()
    user = user_factory(groups=[roles.MEDEWERKER])
    client.force_login(user)
    url = reverse("admin:policy_guidelineversion_publish", args=[version.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]
