"""/zoeken/: the sections of the richtlijnen in force and the published
questions, ranked, with highlighted passages; never a 500."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.urls import reverse

from guidance.models import PublishedQuestion
from guidance.search import MAX_QUERY_LENGTH, highlighted, search
from policy.models import Principle
from tests.guidance.helpers import SOCIAL_MEDIA

pytestmark = pytest.mark.django_db


@pytest.fixture
def richtlijn(publish):
    return publish(body=SOCIAL_MEDIA, title="Richtlijnen social media")


def _anchors(hits) -> list[str]:
    return [h.url.rpartition("#")[2] for h in hits]


def test_search_needs_a_login(client):
    response = client.get(reverse("guidance:search"), {"q": "WhatsApp"})
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]


def test_an_empty_query_explains_what_to_type(medewerker_client, richtlijn):
    for q in ["", "   "]:
        html = medewerker_client.get(reverse("guidance:search"), {"q": q}).text
        assert 'id="search-help"' in html
        assert 'id="search-results"' not in html


def test_the_search_box_is_in_the_header(medewerker_client):
    html = medewerker_client.get(reverse("home")).text
    assert 'id="site-search"' in html
    assert f'action="{reverse("guidance:search")}"' in html


def test_each_hit_links_to_a_heading_of_the_richtlijn(medewerker_client, richtlijn):
    html = medewerker_client.get(reverse("guidance:search"), {"q": "vinkjes"}).text
    assert 'href="/richtlijnen/social-media/#dos"' in html
    assert "<mark>" in html


def test_markup_is_escaped_and_long_queries_trimmed(medewerker_client, richtlijn):
    url = reverse("guidance:search")
    html = medewerker_client.get(url, {"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    long = medewerker_client.get(url, {"q": "WhatsApp " * 300})
    assert long.status_code == HTTPStatus.OK
    assert 'id="query-trimmed"' in long.text
    assert ("WhatsApp " * 300).strip() not in long.text
    weird = medewerker_client.get(url, {"q": "& | ! ( ) : * ' \" \\ \x00"})
    assert weird.status_code == HTTPStatus.OK


def test_passages_are_escaped_except_the_marks():
    passage = highlighted("a <b>\ue000x</b>\ue001 & \ue000y")
    assert passage == "a &lt;b&gt;<mark>x&lt;/b&gt;</mark> &amp; <mark>y</mark>"


def test_only_the_version_in_force_is_searched(publish, richtlijn, medewerker):
    publish(body="## Inleiding\n\nAlleen nog over e-mail.\n", summary="Ingekort.")
    assert search("vinkjes", user=medewerker).hits == []
    assert _anchors(search("e-mail", user=medewerker).hits) == ["inleiding"]


def test_published_questions_are_found_and_link_to_their_principle(
    richtlijn, medewerker
):
    PublishedQuestion.objects.create(
        principle=Principle.objects.get(anchor="grondbeginsel-6"),
        question="Mag ik een foto van een pleegkind delen in de groepsapp?",
        answer="Nee, ook niet in een besloten groep.",
    )
    hits = [
        h for h in search("groepsapp", user=medewerker).hits if h.kind == "question"
    ]
    assert [h.url for h in hits] == ["/richtlijnen/social-media/#grondbeginsel-6"]


@pytest.mark.slow
def test_search_queries_do_not_grow(
    medewerker_client,
    richtlijn,
    publish,
    django_assert_max_num_queries,
    django_assert_num_queries,
    medewerker,
):
    for n in range(30):
        publish(slug=f"richtlijn-{n}", body=SOCIAL_MEDIA)
    principle = Principle.objects.filter(anchor="donts").first()
    PublishedQuestion.objects.bulk_create(
        PublishedQuestion(
            principle=principle, question=f"WhatsApp vraag {n}?", answer="Nee."
        )
        for n in range(100)
    )
    with django_assert_max_num_queries(6):
        response = medewerker_client.get(reverse("guidance:search"), {"q": "WhatsApp"})
    assert response.text.count('class="hit ') == 20
    with django_assert_num_queries(2):
        assert len(search("WhatsApp vinkjes", user=medewerker).hits) == 20
    # "Bedoelde je …?" costs one more, only when nothing is found.
    with django_assert_num_queries(3):
        assert (
            search("aansprakelijkhijd", user=medewerker).suggestion
            == "aansprakelijkheid"
        )


def test_vinkjes_and_whatsapp_are_found_in_the_right_sections(richtlijn, medewerker):
    vinkjes = search("vinkjes", user=medewerker).hits
    assert _anchors(vinkjes)[0] == "dos"
    assert "<mark>vinkjes</mark>" in vinkjes[0].passage
    whatsapp = _anchors(search("WhatsApp", user=medewerker).hits)
    # The heading itself ranks first; the do's and don'ts mention it too.
    assert whatsapp[0] == "whatsapp"
    assert {"dos", "donts"} <= set(whatsapp)
    # Dutch stemming: "berichten" finds "Plaats bij twijfel geen bericht".
    assert "grondbeginsel-1" in _anchors(search("berichten", user=medewerker).hits)
    # Only stop words: nothing, and no error.
    assert search("de het een", user=medewerker).hits == []


def test_questions_rank_with_sections(richtlijn, medewerker):
    PublishedQuestion.objects.create(
        principle=Principle.objects.get(anchor="donts"),
        question="Mag ik met een cliënt over haar dossier WhatsAppen?",
        answer="Nee: bel liever, inhoudelijke informatie gaat niet via WhatsApp.",
    )
    kinds = {h.kind for h in search("dossier WhatsApp", user=medewerker).hits}
    assert "question" in kinds


def test_the_query_limit(richtlijn):
    assert MAX_QUERY_LENGTH < 1000
