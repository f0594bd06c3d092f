from __future__ import annotations

import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from policy.models import Signature
from policy.services import NotSignableError, signature_create

pytestmark = pytest.mark.django_db


def detail_url(slug="social-media"):
    return reverse("policy:detail", args=[slug])


def test_detail_shows_sign_form_until_signed(medewerker_client, medewerker, publish):
    version = publish()

    response = medewerker_client.get(detail_url())
    assert response.status_code == HTTPStatus.OK
    assert b'id="sign-form"' in response.content
    assert b'id="signed"' not in response.content
    assert "Ik heb deze richtlijn gelezen en begrepen" in response.text

    response = medewerker_client.post(
        detail_url(), {"version": version.number, "confirmed": "on"}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert b'id="sign-form"' not in response.content
    assert b'id="signed"' in response.content
    signature = Signature.objects.get(user=medewerker)
    assert signature.version == version
    assert signature.text_sha256 == version.body_sha256


def test_signing_without_checkbox_saves_nothing(medewerker_client, publish):
    version = publish()
    response = medewerker_client.post(detail_url(), {"version": version.number})
    assert response.status_code == HTTPStatus.OK
    assert "Vink aan dat je de richtlijn hebt gelezen en begrepen" in response.text
    assert b'id="sign-form"' in response.content
    assert not Signature.objects.exists()


def test_signing_twice_keeps_one_signature(medewerker, publish):
    version = publish()
    first, created = signature_create(user=medewerker, version=version)
    again, created_again = signature_create(user=medewerker, version=version)
    assert created and not created_again
    assert first.pk == again.pk
    assert Signature.objects.count() == 1


def test_posting_twice_through_the_view_keeps_one(medewerker_client, publish):
    version = publish()
    for _ in range(2):
        response = medewerker_client.post(
            detail_url(), {"version": version.number, "confirmed": "on"}
        )
        assert response.status_code == HTTPStatus.FOUND
    assert Signature.objects.count() == 1


def test_replaced_version_cannot_be_signed(medewerker_client, medewerker, publish):
    first = publish()
    publish(body="## Nieuw\n", summary="Nieuw")
    response = medewerker_client.post(
        detail_url(), {"version": first.number, "confirmed": "on"}
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert not Signature.objects.exists()
    with pytest.raises(NotSignableError):
        signature_create(user=medewerker, version=first)


def test_concept_cannot_be_signed(medewerker, publish):
    version = publish()
    from policy.services import version_create_draft

    draft = version_create_draft(guideline=version.guideline, user=None)
    with pytest.raises(NotSignableError):
        signature_create(user=medewerker, version=draft)
    assert not Signature.objects.exists()


def test_withdrawn_richtlijn_cannot_be_signed(medewerker_client, publish, beleid):
    from policy.services import guideline_withdraw

    version = publish()
    guideline_withdraw(guideline=version.guideline, user=beleid)

    page = medewerker_client.get(detail_url())
    assert page.status_code == HTTPStatus.OK
    assert "ingetrokken" in page.text
    assert b'id="sign-form"' not in page.content

    response = medewerker_client.post(
        detail_url(), {"version": version.number, "confirmed": "on"}
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert not Signature.objects.exists()


def test_minor_version_carries_signatures_over(medewerker_client, medewerker, publish):
    first = publish()
    signature_create(user=medewerker, version=first)
    minor = publish(body=first.body + "\nEen tikfout hersteld.\n", minor=True)

    assert minor.signatures_from_number == 1
    response = medewerker_client.get(detail_url())
    assert b'id="signed"' in response.content
    assert b'id="sign-form"' not in response.content
    again, created = signature_create(user=medewerker, version=minor)
    assert not created and again.version == first
    assert Signature.objects.count() == 1


def test_material_version_asks_to_sign_again(medewerker_client, medewerker, publish):
    first = publish()
    signature_create(user=medewerker, version=first)
    minor = publish(body=first.body + "\nKlein.\n", minor=True)
    material = publish(body="## Nieuw beleid\n", summary="Alles anders")

    assert minor.signatures_from_number == 1
    assert material.signatures_from_number == 3
    response = medewerker_client.get(detail_url())
    assert b'id="sign-form"' in response.content
    compare = reverse("policy:compare", args=["social-media", 1, 3])
    assert compare.encode() in response.content

    home = medewerker_client.get(reverse("home"))
    assert compare.encode() in home.content
    listing = medewerker_client.get(reverse("policy:list"))
    assert "te tekenen" in listing.text


def test_list_shows_status_per_richtlijn(medewerker_client, medewerker, publish):
    signed = publish(slug="social-media", title="Social media")
    publish(slug="privacy", title="Privacy")
    signature_create(user=medewerker, version=signed)

    text = medewerker_client.get(reverse("policy:list")).text
    social = text.index("Social media")
    privacy = text.index("Privacy")
    assert "getekend" in text[social:] and "te tekenen" in text[privacy:social]


def test_start_page_lists_only_unsigned(medewerker_client, medewerker, publish):
    signed = publish(slug="social-media", title="Social media")
    publish(slug="privacy", title="Privacy op de werkvloer")
    signature_create(user=medewerker, version=signed)

    response = medewerker_client.get(reverse("home"))
    assert "Privacy op de werkvloer" in response.text
    assert "Social media" not in response.text


def test_unknown_slug_and_version_are_404(medewerker_client, publish):
    publish()
    assert medewerker_client.get(detail_url("bestaat-niet")).status_code == 404
    url = reverse("policy:version", args=["social-media", 9])
    assert medewerker_client.get(url).status_code == 404
    url = reverse("policy:compare", args=["social-media", 1, 9])
    assert medewerker_client.get(url).status_code == 404


def test_concepts_are_invisible_to_staff(medewerker_client, publish):
    version = publish()
    from policy.services import version_create_draft

    draft = version_create_draft(guideline=version.guideline, user=None)
    draft.body = "## Geheim concept\n"
    draft.save()
    for url in [
        reverse("policy:list"),
        detail_url(),
        reverse("policy:versions", args=["social-media"]),
    ]:
        assert "Geheim concept" not in medewerker_client.get(url).text


def test_post_without_csrf_token_is_refused(client, medewerker, publish):
    from django.test import Client

    version = publish()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(medewerker)
    response = strict.post(detail_url(), {"version": version.number, "confirmed": "on"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Signature.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sign_requests_leave_one_signature(user_factory, publish):
    user = user_factory()
    version = publish()
    barrier = threading.Barrier(8)
    errors = []

    def sign():
        try:
            barrier.wait()
            signature_create(user=user, version=version)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Signature.objects.filter(user=user).count() == 1
