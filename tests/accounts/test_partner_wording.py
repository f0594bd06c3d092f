"""What a partner in zorg reads around the richtlijnen: error pages that
point to their contact person (with the work phone HR gives), no link to a
second factor they do not have, and a code page that promises nothing about
whether an address is known."""

from __future__ import annotations

from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

HEADER = "email,first_name,last_name,department,job_title,manager_email"


def import_staff(tmp_path, text: str) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_staff", str(path), stdout=StringIO(), stderr=StringIO())


def test_the_staff_import_takes_an_optional_phone_column(tmp_path):
    import_staff(
        tmp_path,
        f"{HEADER},telefoon\nm.devries@sterkhuis.nl,Mila,de Vries,Pleegzorg,"
        "Begeleider,,+31 6 1234 5678\n",
    )
    assert User.objects.get(email="m.devries@sterkhuis.nl").phone == "+31 6 1234 5678"
    # A file without the column keeps the number HR gave before.
    import_staff(
        tmp_path, f"{HEADER}\nm.devries@sterkhuis.nl,Mila,de Vries,Pleegzorg,Coach,\n"
    )
    mila = User.objects.get(email="m.devries@sterkhuis.nl")
    assert (mila.phone, mila.job_title) == ("+31 6 1234 5678", "Coach")


def test_a_phone_that_is_no_number_is_refused_with_its_line(tmp_path):
    with pytest.raises(
        CommandError, match=r"regel 2: 'bel mij' is geen telefoonnummer"
    ):
        import_staff(
            tmp_path,
            f"{HEADER},telefoon\nm.devries@sterkhuis.nl,Mila,de Vries,Pleegzorg,"
            "Begeleider,,bel mij\n",
        )
    assert not User.objects.filter(email="m.devries@sterkhuis.nl").exists()


@pytest.fixture
def partner_client(client, partner):
    client.force_login(partner)
    return client


def test_the_contact_persons_phone_shows_when_hr_has_one(
    partner_client, partner, publish
):
    contact = partner.partnership.contact_person
    assert 'id="contact-phone"' not in partner_client.get("/").text
    contact.phone = "030 123 45 67"
    contact.save()
    version = publish("partners-in-zorg", title="Afspraken voor partners")
    guideline = version.guideline
    guideline.audience_all, guideline.audience_partners = False, True
    guideline.save()
    for url in ["/", "/richtlijnen/partners-in-zorg/"]:
        html = partner_client.get(url).text
        assert 'href="tel:0301234567" id="contact-phone">030 123 45 67</a>' in html


def test_error_pages_send_a_partner_to_their_contact_person(partner_client, partner):
    contact = partner.partnership.contact_person
    for url, status in [
        ("/bestaat-niet/", HTTPStatus.NOT_FOUND),
        (reverse("compliance:overview"), HTTPStatus.FORBIDDEN),
    ]:
        response = partner_client.get(url)
        assert response.status_code == status
        html = response.text
        assert "contactpersoon bij Sterk Huis" in html
        assert f'href="mailto:{contact.email}"' in html
        assert "leidinggevende" not in html
        assert 'id="back-home"' in html and 'class="site-header"' in html
        assert 'lang="nl"' in html


def test_staff_error_pages_keep_their_own_advice(client, medewerker):
    client.force_login(medewerker)
    forbidden = client.get(reverse("compliance:overview"))
    assert forbidden.status_code == HTTPStatus.FORBIDDEN
    assert "je leidinggevende" in forbidden.text
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert "Deze pagina bestaat niet" in missing.text
    assert "contactpersoon" not in missing.text


def test_partners_get_no_link_to_a_second_factor(client, partner, medewerker):
    mfa = f'href="{reverse("mfa_index")}"'
    client.force_login(partner)
    assert mfa not in client.get("/").text
    client.force_login(medewerker)
    assert mfa in client.get("/").text


@pytest.mark.parametrize("known", [True, False])
def test_the_code_page_promises_a_code_only_for_a_known_address(client, partner, known):
    page = client.get(reverse("account_request_login_code")).text
    assert "Als dit adres bij ons bekend is, krijg je een code" in page
    email = partner.email if known else "onbekend@example.test"
    response = client.post(reverse("account_request_login_code"), {"email": email})
    confirm = client.get(response["Location"]).text
    assert f"Als dit adres ({email}) bij ons bekend is, krijg je een code" in confirm
