"""Partners in zorg read and sign the richtlijnen meant for them, and only those."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from accounts.partners import partnership_end
from compliance.dashboard import compliance_scope, dashboard
from policy.models import Guideline, Signature
from policy.services import signature_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_richtlijn(publish):
    version = publish(
        "partners-in-zorg",
        "## Afspraken\n\nDeel geen foto's van pleegkinderen.\n",
        title="Afspraken voor partners in zorg",
    )
    guideline = version.guideline
    guideline.audience_all, guideline.audience_partners = False, True
    guideline.save()  # its receiver recounts the figures
    return version


@pytest.fixture
def staff_richtlijn(publish):
    return publish("social-media", title="Richtlijnen social media")


def test_a_partner_sees_only_the_richtlijnen_for_partners(
    client, partner, partner_richtlijn, staff_richtlijn
):
    client.force_login(partner)

    listing = client.get("/richtlijnen/")
    assert "Afspraken voor partners in zorg" in listing.text
    assert "Richtlijnen social media" not in listing.text
    home = client.get("/")
    assert "Afspraken voor partners in zorg" in home.text
    assert "Richtlijnen social media" not in home.text
    for url in [
        "/richtlijnen/social-media/",
        "/richtlijnen/social-media/versies/",
        "/richtlijnen/social-media/versies/1/",
    ]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
    assert client.get("/richtlijnen/partners-in-zorg/versies/1/").status_code == 200


def test_a_partner_signs_like_staff_and_sees_their_contact_person(
    client, partner, partner_richtlijn
):
    client.force_login(partner)
    page = client.get("/richtlijnen/partners-in-zorg/")
    assert 'id="sign-form"' in page.text
    contact = partner.partnership.contact_person
    assert contact.get_full_name() in page.text
    assert f'href="mailto:{contact.email}"' in page.text

    response = client.post(
        "/richtlijnen/partners-in-zorg/", {"version": 1, "confirmed": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND
    signature = Signature.objects.get(user=partner)
    assert signature.version == partner_richtlijn
    assert signature.text_sha256 == partner_richtlijn.body_sha256
    page = client.get("/richtlijnen/partners-in-zorg/")
    assert 'id="signed"' in page.text and 'id="sign-form"' not in page.text
    assert contact.email in client.get("/").text


def test_a_partner_cannot_sign_a_staff_richtlijn(client, partner, staff_richtlijn):
    client.force_login(partner)
    response = client.post(
        "/richtlijnen/social-media/", {"version": 1, "confirmed": "on"}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Signature.objects.filter(user=partner).exists()


def test_audiences_keep_staff_and_partners_apart(
    partner, medewerker, partner_factory, partner_richtlijn, staff_richtlijn
):
    ended = partner_factory()
    partnership_end(partnership=ended.partnership)
    for_partners = Guideline.objects.get(slug="partners-in-zorg")
    for_staff = Guideline.objects.get(slug="social-media")

    assert list(for_partners.audience()) == [partner]
    assert partner not in for_staff.audience()
    assert medewerker in for_staff.audience()
    assert for_partners.applies_to(partner) and not for_partners.applies_to(medewerker)
    assert for_staff.applies_to(medewerker) and not for_staff.applies_to(partner)
    # A richtlijn for everyone and for partners reaches both.
    for_staff.audience_partners = True
    for_staff.save()
    assert {partner, medewerker} <= set(for_staff.audience())
    assert ended not in for_staff.audience()


def test_staff_see_the_partner_richtlijn_without_having_to_sign_it(
    client, medewerker, partner_richtlijn
):
    client.force_login(medewerker)
    page = client.get("/richtlijnen/partners-in-zorg/")
    assert page.status_code == HTTPStatus.OK
    assert 'id="sign-form"' not in page.text
    assert "Afspraken voor partners in zorg" not in client.get("/").text


def test_staff_compliance_does_not_count_partners(
    beleid, medewerker, partner, staff_richtlijn
):
    [row] = dashboard(compliance_scope(beleid))
    assert row.audience == 2  # the medewerker and Beleid, not the partner


def test_partners_are_counted_as_a_group_per_contact_persons_department(
    client, beleid, user_factory, partner_factory, partner, partner_richtlijn
):
    from accounts import roles
    from accounts.models import Department

    other = Department.objects.create(name="Ambulante hulpverlening")
    boss = user_factory(department=other, groups=[roles.LEIDINGGEVENDE])
    other.manager = boss
    other.save()
    partner_factory(contact_person=user_factory(department=other))
    signature_create(user=partner, version=partner_richtlijn)

    [row] = dashboard(compliance_scope(beleid))
    groups = {d.name: (d.signed, d.audience, d.partners) for d in row.departments}
    assert groups == {
        "Partners in zorg · Ambulante hulpverlening": (0, 1, True),
        "Partners in zorg · Pleegzorg": (1, 1, True),
    }
    # A manager sees the partners of their own department's contact persons.
    [row] = dashboard(compliance_scope(boss))
    assert [(d.name, d.signed, d.audience) for d in row.departments] == [
        ("Partners in zorg · Ambulante hulpverlening", 0, 1)
    ]

    client.force_login(beleid)
    page = client.get("/naleving/")
    assert "Partners in zorg · Pleegzorg" in page.text
    page = client.get("/naleving/partners-in-zorg/")
    assert "Partners in zorg · Ambulante hulpverlening" in page.text
    assert "1 / 2" in page.text
    unsigned = client.get("/naleving/partners-in-zorg/versies/1/niet-getekend.csv")
    body = b"".join(unsigned.streaming_content).decode()
    assert "Partners in zorg · Ambulante hulpverlening" in body
    assert partner.email not in body
    signed = client.get("/richtlijnen/partners-in-zorg/versies/1/handtekeningen.csv")
    body = b"".join(signed.streaming_content).decode()
    assert partner.email in body and "Partners in zorg · Pleegzorg" in body


def test_counting_partners_takes_the_same_queries_for_many(
    beleid,
    partner_factory,
    medewerker,
    partner_richtlijn,
    django_assert_max_num_queries,
):
    for _ in range(30):
        signature_create(
            user=partner_factory(contact_person=medewerker), version=partner_richtlijn
        )
    scope = compliance_scope(beleid)
    with django_assert_max_num_queries(6):  # 4 for staff, 2 for partners
        [row] = dashboard(scope)
    assert row.signed == row.audience == 30
