"""The kwaliteitshandboek: the demo's richtlijnen by chapter, the list with
its filters, raakvlakken, links between richtlijnen checked at publication,
and the archive of withdrawn richtlijnen."""

from __future__ import annotations

import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from policy.handbook import code_key, guideline_links
from policy.handbook_admin import GuidelineForm
from policy.models import (
    Chapter,
    Guideline,
    GuidelineVersion,
    Signature,
    VersionStatus,
)
from policy.services import guideline_withdraw, signature_create
from tests.helpers import bulk_handbook

pytestmark = pytest.mark.django_db

HANDBOOK = {
    "privacy",
    "email-en-intranet",
    "professioneel-handelen",
    "meldcode",
    "informatiebeveiliging",
    "klachten",
}


def _h2s(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]


# --- The demo ------------------------------------------------------------------


def test_demo_is_a_handbook_of_chapters_and_stays_the_same_when_run_again(client):
    call_command("demo", stdout=StringIO())
    first = sorted(
        Guideline.objects.values_list("slug", "code", "chapter__number", "title")
    )
    call_command("demo", stdout=StringIO())
    assert (
        sorted(
            Guideline.objects.values_list("slug", "code", "chapter__number", "title")
        )
        == first
    )

    in_force = GuidelineVersion.objects.in_force()
    slugs = set(in_force.values_list("guideline__slug", flat=True))
    assert HANDBOOK | {"social-media", "partners-in-zorg"} <= slugs
    assert len(slugs) >= 6
    chapters = set(
        Guideline.objects.filter(slug__in=slugs).values_list("chapter", flat=True)
    )
    assert None not in chapters and len(chapters) >= 3
    social = in_force.get(guideline__slug="social-media")
    assert social.number == 1
    assert all(version.number == 1 for version in in_force)

    for version in in_force.filter(guideline__slug__in=HANDBOOK):
        questions = list(version.questions.all())
        anchors = set(version.sections.values_list("anchor", flat=True))
        assert 2 <= len(questions) <= 3, version
        assert {q.principle for q in questions} <= anchors
        # Principles are headings with a stable anchor.
        assert len(re.findall(r"\{#[-\w]+\}", version.body)) >= 4, version

    client.force_login(User.objects.get(email="medewerker@sterkhuis.test"))
    listing = client.get("/richtlijnen/").text
    headings = _h2s(listing)
    for chapter in Chapter.objects.filter(pk__in=chapters):
        assert f"Hoofdstuk {chapter.number}. {chapter.title}" in headings
    page = client.get("/richtlijnen/social-media/").text
    for slug in ("privacy", "email-en-intranet", "professioneel-handelen"):
        assert f'href="/richtlijnen/{slug}/"' in page


def test_demo_leaves_beleids_chapters_and_codes_alone():
    call_command("demo", stdout=StringIO())
    privacy = Guideline.objects.get(slug="privacy")
    elsewhere = Chapter.objects.create(number=99, title="Elders")
    privacy.chapter, privacy.code = elsewhere, "KH 99.1"
    privacy.save()
    privacy.related.clear()

    call_command("demo", stdout=StringIO())
    privacy.refresh_from_db()
    assert (privacy.chapter, privacy.code) == (elsewhere, "KH 99.1")
    assert not privacy.related.exists()


# --- The list by chapter -------------------------------------------------------


def _place(slug: str, chapter: Chapter | None, code: str = "") -> None:
    Guideline.objects.filter(slug=slug).update(chapter=chapter, code=code)


def test_the_list_shows_chapters_in_order_with_codes_and_the_rest_last(
    client, medewerker, publish
):
    one = Chapter.objects.create(number=1, title="Professioneel werken")
    three = Chapter.objects.create(number=3, title="Privacy en informatie")
    for slug in ("privacy", "informatiebeveiliging", "meldcode", "los"):
        publish(slug=slug)
    _place("privacy", three, "KH 3.10")
    _place("informatiebeveiliging", three, "KH 3.2")
    _place("meldcode", one, "KH 1.2")
    client.force_login(medewerker)

    page = client.get(reverse("policy:list")).text

    assert _h2s(page) == [
        "Hoofdstuk 1. Professioneel werken",
        "Hoofdstuk 3. Privacy en informatie",
        "Overige richtlijnen",
    ]
    # KH 3.2 before KH 3.10: numbers sort as numbers.
    assert page.index("KH 3.2") < page.index("KH 3.10")
    assert page.index("KH 1.2") < page.index("KH 3.2") < page.index("/richtlijnen/los/")
    assert "Versie 1, geldig vanaf" in page and "te tekenen" in page


def test_the_filters_show_one_chapter_or_what_is_still_to_sign(
    client, medewerker, publish
):
    one = Chapter.objects.create(number=1, title="Professioneel werken")
    two = Chapter.objects.create(number=2, title="Cliënten")
    signed = publish(slug="meldcode")
    publish(slug="klachten")
    publish(slug="privacy")
    _place("meldcode", one)
    _place("klachten", one)
    _place("privacy", two)
    signature_create(user=medewerker, version=signed)
    client.force_login(medewerker)
    url = reverse("policy:list")

    chapter = client.get(url, {"hoofdstuk": "2"}).text
    assert _h2s(chapter) == ["Hoofdstuk 2. Cliënten"]
    assert (
        "/richtlijnen/privacy/" in chapter and "/richtlijnen/meldcode/" not in chapter
    )
    # The chapter list of the filter stays whole.
    assert 'value="1"' in chapter and 'value="2" selected' in chapter

    to_sign = client.get(url, {"te-tekenen": "1"}).text
    assert "/richtlijnen/meldcode/" not in to_sign
    assert "/richtlijnen/klachten/" in to_sign and "/richtlijnen/privacy/" in to_sign

    nothing = client.get(url, {"hoofdstuk": "1", "te-tekenen": "1"}).text
    assert "/richtlijnen/klachten/" in nothing
    signature_create(
        user=medewerker,
        version=Guideline.objects.get(slug="klachten").version_in_force(),
    )
    empty = client.get(url, {"hoofdstuk": "1", "te-tekenen": "1"}).text
    assert 'id="handbook-empty"' in empty

    nonsense = client.get(url, {"hoofdstuk": "x';--"})
    assert nonsense.status_code == HTTPStatus.OK
    assert len(_h2s(nonsense.text)) == 2


def test_the_list_of_200_richtlijnen_costs_what_the_list_of_a_few_costs(
    client, medewerker, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bulk_handbook(3, chapters=2)
    client.force_login(medewerker)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("policy:list")).status_code == HTTPStatus.OK
    bulk_handbook(197, chapters=10)

    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("policy:list"))
    # Above 30 the chapters fold: each shows its counts and opens on its own
    # page, so the list costs the chapters, not the richtlijnen.
    assert page.text.count('class="card"') == 0
    assert len(_h2s(page.text)) == 10
    assert page.text.count('class="chapter-folded"') == 10
    assert 'href="?hoofdstuk=1"' in page.text
    assert 'id="to-sign-link"' in page.text
    chapter = client.get(reverse("policy:list") + "?hoofdstuk=1").text
    in_chapter = GuidelineVersion.objects.filter(guideline__chapter__number=1)
    assert chapter.count('class="card"') == in_chapter.count() > 0
    assert (
        client.get(reverse("policy:list") + "?te-tekenen=1").text.count('class="card"')
        == 200
    )
    # A chapter with nothing left to sign says so by leaving out the count.
    Signature.objects.bulk_create(
        Signature(user=medewerker, version=v, text_sha256=v.body_sha256)
        for v in in_chapter
    )
    page = client.get(reverse("policy:list")).text
    assert page.count("te tekenen</span>") == 9
    assert (
        client.get(reverse("policy:list") + "?te-tekenen=1").text.count('class="card"')
        == 200 - in_chapter.count()
    )


def test_code_key_sorts_numbers_as_numbers_and_no_code_last():
    codes = ["", "KH 10.1", "KH 3.10", "KH 3.2", "KH 1.1"]
    assert sorted(codes, key=code_key) == ["KH 1.1", "KH 3.2", "KH 3.10", "KH 10.1", ""]


# --- Raakvlakken ----------------------------------------------------------------


def test_the_richtlijn_lists_its_raakvlakken_that_the_reader_may_see(
    client, medewerker, partner, publish
):
    social = publish(slug="social-media").guideline
    privacy = publish(slug="privacy", title="Privacy").guideline
    partners = publish(slug="partners-in-zorg", title="Voor partners").guideline
    Guideline.objects.filter(pk=partners.pk).update(
        audience_all=False, audience_partners=True
    )
    old = publish(slug="oud", title="Oud beleid").guideline
    guideline_withdraw(guideline=old, user=None)
    social.related.add(privacy, partners, old)
    # A cycle: privacy and partners-in-zorg link back, and to each other.
    privacy.related.add(partners)
    client.force_login(medewerker)

    page = client.get(social.get_absolute_url()).text
    related = page.split('id="related-list"')[1].split("</ul>")[0]
    assert "/richtlijnen/privacy/" in related
    assert "/richtlijnen/partners-in-zorg/" in related
    assert "/richtlijnen/oud/" not in related  # withdrawn
    back = client.get(privacy.get_absolute_url()).text
    assert "/richtlijnen/social-media/" in back.split('id="related-list"')[1]

    staff_view = client.get(partners.get_absolute_url()).text
    assert "/richtlijnen/social-media/" in staff_view.split('id="related-list"')[1]

    client.force_login(partner)
    partner_page = client.get(partners.get_absolute_url()).text
    # Social media and privacy are not meant for partners: not listed to them.
    assert partner_page.count("Versie 1") >= 1
    assert 'id="related-list"' not in partner_page


def test_the_admin_ignores_a_raakvlak_with_itself_and_refuses_a_reserved_slug(
    publish,
):
    social = publish(slug="social-media", title="Social media").guideline
    privacy = publish(slug="privacy").guideline
    data = {
        "title": "Social media",
        "slug": "social-media",
        "related": [social.pk, privacy.pk],
        "audience_all": "on",
        "review_interval_months": 12,
        "code": "  KH   4.1 ",
    }
    form = GuidelineForm(data, instance=social)
    assert form.is_valid(), form.errors
    form.save()
    assert list(social.related.all()) == [privacy]
    assert social.code == "KH 4.1"

    new = GuidelineForm({**data, "slug": "archief", "related": [], "code": ""})
    assert not new.is_valid()
    assert "archief" in new.errors["slug"][0]


def test_beleid_keeps_chapters_in_the_admin(beleid_client):
    response = beleid_client.post(
        reverse("admin:policy_chapter_add"), {"number": 4, "title": "Communicatie"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert str(Chapter.objects.get()) == "4. Communicatie"
    listing = beleid_client.get(reverse("admin:policy_chapter_changelist"))
    assert "Communicatie" in listing.text


# --- Links in the text ------------------------------------------------------------


def _concept(slug: str, body: str) -> GuidelineVersion:
    guideline, _ = Guideline.objects.get_or_create(slug=slug, defaults={"title": slug})
    return GuidelineVersion.objects.create(guideline=guideline, body=body)


def test_a_link_to_a_richtlijn_that_does_not_exist_is_refused_naming_it(publish):
    from policy.services import version_publish

    concept = _concept(
        "social-media",
        "## Meer\n\nZie [privacy](/richtlijnen/privacy/) en "
        "[e-mail](https://example.org/richtlijnen/bestaat-niet/).\n",
    )
    with pytest.raises(ValidationError) as refused:
        version_publish(version=concept, user=None)
    [message] = refused.value.message_dict["links"]
    assert "“privacy”" in message and "/richtlijnen/privacy/" in message
    concept.refresh_from_db()
    assert concept.status == VersionStatus.CONCEPT

    publish(
        slug="privacy", body="## Delen met toestemming\n\nAlleen met toestemming.\n"
    )
    assert version_publish(version=concept, user=None, approval_waived=True).number == 1


def test_a_link_to_a_heading_that_does_not_exist_is_refused_naming_it(publish):
    from policy.services import version_publish

    publish(slug="privacy", title="Privacy", body="## Datalek melden\n\nDirect.\n")
    concept = _concept(
        "email-en-intranet",
        "## Mailen {#beveiligd}\n\nZie [hier](/richtlijnen/privacy/#datalek-melden), "
        "[daar](/richtlijnen/privacy/#bestaat-niet), [boven](#beveiligd) en "
        "[zelf](/richtlijnen/email-en-intranet/#ook-niet).\n",
    )
    with pytest.raises(ValidationError) as refused:
        version_publish(version=concept, user=None)
    messages = refused.value.message_dict["links"]
    assert len(messages) == 2
    assert "“bestaat-niet”" in messages[0] and "“Privacy”" in messages[0]
    assert "“ook-niet”" in messages[1]


def test_links_found_are_those_to_richtlijnen_of_this_portal(settings):
    settings.SITE_URL = "https://portaal.sterkhuis.nl"
    html = (
        '<a href="/richtlijnen/privacy/#delen">a</a>'
        '<a href="https://portaal.sterkhuis.nl/richtlijnen/meldcode/">b</a>'
        '<a href="https://elders.nl/richtlijnen/privacy/">c</a>'
        '<a href="/richtlijnen/archief/">d</a>'
        '<a href="/richtlijnen/klachten/versies/2/#x">e</a>'
        '<a href="mailto:privacy@sterkhuis.nl">f</a>'
    )
    found = [(link.slug, link.anchor) for link in guideline_links(html)]
    assert found == [("privacy", "delen"), ("meldcode", ""), ("klachten", "")]


def test_the_publish_page_warns_when_a_heading_others_link_to_goes(
    beleid_client, beleid, publish, approve, django_capture_on_commit_callbacks
):
    publish(
        slug="privacy", body="## Datalek melden\n\nDirect.\n\n## Bewaren\n\nLang.\n"
    )
    social = publish(
        slug="social-media",
        title="Richtlijnen social media",
        body="## Meer\n\nZie [datalek](/richtlijnen/privacy/#datalek-melden).\n",
    )
    Guideline.objects.filter(pk=social.guideline_id).update(owner=beleid)
    concept = _concept("privacy", "## Bewaren\n\nLang.\n")
    approve(concept, by=beleid)
    url = reverse("admin:policy_guidelineversion_publish", args=[concept.pk])

    page = beleid_client.get(url).text
    warning = page.split('id="broken-links-warning"')[1].split("</div>")[0]
    assert "Richtlijnen social media" in warning and "Datalek melden" in warning
    assert beleid.get_full_name() in warning or beleid.email in warning

    # A warning, not a refusal; the owner of the linking richtlijn is mailed.
    with django_capture_on_commit_callbacks(execute=True):
        response = beleid_client.post(
            url, {"is_minor": "0", "change_summary": "Korter"}
        )
    assert response.status_code == HTTPStatus.FOUND
    concept.refresh_from_db()
    assert concept.number == 2
    [message] = mail.outbox
    assert message.to == [beleid.email]
    assert "Richtlijnen social media" in message.subject
    assert "Datalek melden (#datalek-melden)" in message.body

    kept = _concept("privacy", "## Bewaren\n\nLanger.\n")
    url = reverse("admin:policy_guidelineversion_publish", args=[kept.pk])
    assert 'id="broken-links-warning"' not in beleid_client.get(url).text


# --- The archive ---------------------------------------------------------------


def test_the_archive_shows_withdrawn_richtlijnen_with_texts_and_signatures(
    client, user_factory, medewerker, publish, django_assert_max_num_queries
):
    beleid = user_factory(groups=["Beleid"])
    first = publish(slug="oud", title="Oud beleid", body="## Eerste\n\nTekst een.\n")
    signature_create(user=medewerker, version=first)
    second = publish(slug="oud", body="## Tweede\n\nTekst twee.\n")
    publish(slug="geldt-nog", title="Geldt nog")
    guideline_withdraw(guideline=first.guideline, user=beleid)
    client.force_login(beleid)

    listing = client.get(reverse("policy:archive"))
    assert listing.status_code == HTTPStatus.OK
    assert "Oud beleid" in listing.text and "Geldt nog" not in listing.text

    url = reverse("policy:archive_detail", args=["oud"])
    with django_assert_max_num_queries(12):
        page = client.get(url).text
    assert "Tekst een." in page and "Tekst twee." in page
    assert medewerker.email in page.split('id="versie-1"')[1]
    assert second.body_sha256 in page
    # Set-up publications (as import_guideline) say they had no four eyes.
    assert "zonder vrijgave in het portaal ingelezen" in page
    assert client.get(
        reverse("policy:archive_detail", args=["geldt-nog"])
    ).status_code == (HTTPStatus.NOT_FOUND)

    withdrawn_page = client.get(first.guideline.get_absolute_url()).text
    assert f'href="{url}" id="archive-link"' in withdrawn_page

    client.force_login(medewerker)
    assert 'id="archive-link"' not in client.get("/richtlijnen/oud/").text
    assert client.get(reverse("policy:archive")).status_code == HTTPStatus.FORBIDDEN
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_the_archive_page_costs_the_same_with_many_versions_and_signatures(
    client, user_factory, publish, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    beleid = user_factory(groups=["Beleid"])
    client.force_login(beleid)
    first = publish(slug="oud", title="Oud beleid")
    signature_create(user=beleid, version=first)
    guideline_withdraw(guideline=first.guideline, user=beleid)
    url = reverse("policy:archive_detail", args=["oud"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    other = publish(slug="ander", title="Ander")
    versions = [other] + [
        publish(slug="ander", body=f"## Deel {n}\n\nTekst {n}.\n") for n in range(2, 6)
    ]
    people = User.objects.bulk_create(
        User(email=f"p{i}@sterkhuis.test", password="x") for i in range(300)
    )
    Signature.objects.bulk_create(
        Signature(user=u, version=v, text_sha256=v.body_sha256)
        for v in versions
        for u in people
    )
    guideline_withdraw(guideline=other.guideline, user=beleid)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("policy:archive_detail", args=["ander"])).text
    assert page.count("300 handtekeningen") == 5
    assert "Hierboven staan de eerste 200." in page


def test_the_publish_page_and_the_import_refuse_a_broken_link_and_say_why(
    beleid_client, tmp_path
):
    from django.core.management.base import CommandError

    concept = _concept(
        "social-media", "## Meer\n\nZie [privacy](/richtlijnen/privacy/).\n"
    )
    url = reverse("admin:policy_guidelineversion_publish", args=[concept.pk])
    page = beleid_client.post(url, {"is_minor": "0", "change_summary": ""})
    assert page.status_code == HTTPStatus.OK
    assert "Er is niets gepubliceerd" in page.text
    assert "verwijst naar de richtlijn “privacy”" in page.text
    concept.refresh_from_db()
    assert concept.status == VersionStatus.CONCEPT

    text = tmp_path / "meldcode.md"
    text.write_text("## Stap 1\n\nZie [de klachten](/richtlijnen/klachten/#termijn).\n")
    with pytest.raises(CommandError, match="“klachten”"):
        call_command(
            "import_guideline", text, slug="meldcode", title="Meldcode", publish=True
        )
    assert not Guideline.objects.filter(slug="meldcode").exists()


def test_the_start_page_lists_the_first_ten_to_sign_and_links_to_the_rest(
    client, medewerker, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bulk_handbook(3, chapters=2)
    client.force_login(medewerker)
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("home")).text
    assert page.count('class="card"') == 3
    assert 'id="to-sign-more"' not in page
    bulk_handbook(197, chapters=10)

    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("home")).text
    assert page.count('class="card"') == 10
    more = page.split('id="to-sign-more"')[1].split("</p>")[0]
    assert "?te-tekenen=1" in more
    assert "Alle 200 richtlijnen die je nog moet tekenen" in more


def test_a_partner_sees_no_staff_richtlijn_in_a_large_handbook(
    client, partner, publish
):
    """Folded or not, the list and the start page count only what the one
    visibility rule lets the reader see."""
    bulk_handbook(40, chapters=4)
    meant = publish(slug="partners-in-zorg", title="Voor partners")
    Guideline.objects.filter(pk=meant.guideline.pk).update(
        audience_all=False, audience_partners=True
    )
    client.force_login(partner)
    page = client.get(reverse("policy:list")).text
    assert "/richtlijnen/partners-in-zorg/" in page
    assert "richtlijn-" not in page and "Deel 1" not in page
    assert 'id="handbook-folded"' not in page  # one richtlijn: nothing to fold
    home = client.get(reverse("home")).text
    assert "Voor partners" in home and "Richtlijn 0" not in home
