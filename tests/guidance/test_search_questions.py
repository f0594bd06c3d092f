"""Search finds what people ask: questions as typed, ranked with the right
heading on top, on whichever database runs the suite (CI: PostgreSQL)."""

from __future__ import annotations

import json
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from guidance import demo as guidance_demo
from guidance.analysis import stem
from guidance.models import PublishedQuestion, SearchEntry, SearchWord, Synonym
from guidance.search import EXAMPLES, MAX_QUERY_LENGTH, passage, search
from guidance.services import search_index_rebuild
from policy.models import Principle
from tests.guidance.helpers import SOCIAL_MEDIA

pytestmark = pytest.mark.django_db

CONTENT = Path(settings.BASE_DIR) / "content"
HERE = Path(__file__).parent


@pytest.fixture
def richtlijnen(publish):
    publish(
        body=SOCIAL_MEDIA,
        title="Richtlijnen social media",
    )
    publish(
        slug="partners-in-zorg",
        body=(CONTENT / "partners-in-zorg.md").read_text(),
        title="Afspraken voor partners in zorg",
    )
    guidance_demo.load()  # published questions and synonyms


def _top(query: str, reader, n: int = 3) -> list[str]:
    hits = search(query, user=reader).hits[:n]
    return [f"{h.guideline_slug}#{h.anchor}" for h in hits]


def _share_found(cases: list[dict], reader) -> tuple[float, list[str]]:
    missed = [
        c["q"] for c in cases if not set(_top(c["q"], reader)) & set(c["targets"])
    ]
    return 1 - len(missed) / len(cases), missed


@pytest.mark.parametrize("name", ["search_queries.json", "search_questions_own.json"])
def test_the_right_heading_is_in_the_first_three(richtlijnen, name, medewerker):
    cases = json.loads((HERE / name).read_text())
    share, missed = _share_found(cases, medewerker)
    assert share >= 0.9, missed


def test_a_whole_question_finds_the_headings_and_the_published_answer(
    richtlijnen, medewerker
):
    hits = search("mag ik een foto van een pleegkind plaatsen", user=medewerker).hits
    assert hits[0].url in {
        "/richtlijnen/social-media/#grondbeginsel-6",
        "/richtlijnen/partners-in-zorg/#afspraak-1",
    }
    answers = [h for h in hits[:5] if h.kind == "question"]
    assert [h.url for h in answers] == ["/richtlijnen/social-media/#grondbeginsel-6"]


def test_a_published_answer_ranks_with_the_heading_it_cites(richtlijnen, medewerker):
    PublishedQuestion.objects.create(
        principle=Principle.objects.get(anchor="dos"),
        question="Een collega ziet niet of ik zijn bericht las. Hoe kan dat?",
        answer="Misschien staan de blauwe vinkjes uit, zoals de richtlijn vraagt.",
    )
    hits = search("blauwe vinkjes", user=medewerker).hits
    assert [(h.kind, h.anchor) for h in hits[:2]] == [
        ("section", "dos"),
        ("question", "dos"),
    ]


def test_words_typed_as_people_type_them(richtlijnen, medewerker):
    for typed, anchors in [
        ("clienten", {"social-media#grondbeginsel-6"}),
        (
            "fotos pleegkinderen",
            {"social-media#grondbeginsel-6", "partners-in-zorg#afspraak-1"},
        ),
        ("prive", {"social-media#grondbeginsel-3"}),
        ("privacyinstellingen", {"social-media#dos"}),
        ("werkmail", {"social-media#grondbeginsel-7"}),
        ("dreigende", {"social-media#donts"}),
        ("appen", {"social-media#whatsapp"}),
    ]:
        assert anchors & set(_top(typed, medewerker)), typed


def test_a_synonym_beleid_adds_is_used_at_once(richtlijnen, medewerker):
    assert "social-media#grondbeginsel-7" not in _top("smoelenboek", medewerker)
    Synonym.objects.create(word="smoelenboek", means="social media werk")
    assert "social-media#grondbeginsel-7" in _top("smoelenboek", medewerker)


def test_the_examples_on_the_search_page_work(
    medewerker_client, richtlijnen, medewerker
):
    html = medewerker_client.get(reverse("guidance:search")).text
    for example in EXAMPLES:
        assert example in html
        assert search(example, user=medewerker).hits, example
    assert _top("kritiek op Facebook", medewerker)[0] == "social-media#grondbeginsel-2"


def test_hits_are_grouped_by_richtlijn(medewerker_client, richtlijnen):
    html = medewerker_client.get(
        reverse("guidance:search"), {"q": "foto's van kinderen"}
    ).text
    assert html.count('class="search-group"') == 2
    assert 'href="/richtlijnen/partners-in-zorg/#afspraak-1"' in html
    assert 'href="/richtlijnen/social-media/#grondbeginsel-6"' in html
    assert 'href="/richtlijnen/partners-in-zorg/"' in html


def test_passages_are_cut_between_words_and_marked_through_accents():
    text = " ".join(f"woord{n}" for n in range(60)) + " geen cliëntgegevens "
    text += "en namen van cliënten. " + " ".join(f"slot{n}" for n in range(60))
    cut = passage(text, ["client", "naam"])
    assert "<mark>cliënten</mark>" in cut
    assert "<mark>namen</mark>" in cut
    assert cut.startswith("… woord") and cut.endswith(" …")
    words = cut.removeprefix("… ").removesuffix(" …").split()
    assert all(
        w.startswith(("woord", "slot")) or "<" in w or w.isalpha() or w.endswith(".")
        for w in words
    )
    assert "woord1 " not in cut  # not from the start: around the match


def test_did_you_mean_when_nothing_is_found(medewerker_client, richtlijnen, medewerker):
    typo = "aansprakelijkhijd"
    response = medewerker_client.get(reverse("guidance:search"), {"q": typo})
    assert search(typo, user=medewerker).hits == []
    assert 'id="search-suggestion"' in response.text
    assert "q=aansprakelijkheid" in response.text
    assert search("aansprakelijkheid", user=medewerker).hits
    nothing = medewerker_client.get(reverse("guidance:search"), {"q": "qqqqzzzz"})
    assert 'id="search-none"' in nothing.text
    assert 'id="search-suggestion"' not in nothing.text


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 100_000,
        "WhatsApp " * 12_000,
        "foto\x00pleegkind",
        "😀 foto 🙈",
        '"',
        '"foto',
        "foto*",
        "*",
        "NEAR(foto pleegkind)",
        "foto NEAR pleegkind",
        "-foto",
        "title:foto",
        "foto:*",
        "foto & !kind | (",
        "'; DROP TABLE guidance_searchentry; --",
        "1 OR 1=1",
        "\\",
        "\ue000mark\ue001",
    ],
)
def test_bad_input_gives_a_page(medewerker_client, richtlijnen, query):
    response = medewerker_client.get(reverse("guidance:search"), {"q": query})
    assert response.status_code == HTTPStatus.OK
    assert 'id="search-page-form"' in response.text
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH
    assert SearchEntry.objects.exists()


def test_the_index_follows_publication_and_rebuilds_the_same(
    publish, richtlijnen, medewerker
):
    before = sorted(SearchEntry.objects.values_list("title", "body", "parts"))
    words = SearchWord.objects.count()
    call_command("rebuild_search_index", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)
    after = sorted(SearchEntry.objects.values_list("title", "body", "parts"))
    assert after == before
    assert SearchWord.objects.count() == words
    assert _top("vinkjes", medewerker)[0] == "social-media#dos"
    publish(slug="social-media", body="## Kort {#kort}\n\nAlleen tandenborstels.\n")
    assert _top("tandenborstel", medewerker) == ["social-media#kort"]
    assert "social-media#dos" not in _top("vinkjes", medewerker)


def test_a_published_question_is_indexed_when_saved_and_removed(
    richtlijnen, medewerker
):
    question = PublishedQuestion.objects.create(
        principle=Principle.objects.get(anchor="afspraak-3"),
        question="Mag ik de verjaardag van mijn pleegdochter vieren op TikTok?",
        answer="Nee, vraag het eerst aan je contactpersoon.",
    )
    assert [h.kind for h in search("verjaardag", user=medewerker).hits] == ["question"]
    question.answer = "Liever niet: ook een taart verraadt wie jarig is."
    question.save()
    assert [h.kind for h in search("taart", user=medewerker).hits] == ["question"]
    assert SearchEntry.objects.filter(question=question).count() == 1
    question.delete()
    assert search("verjaardag", user=medewerker).hits == []


def test_rebuild_returns_what_it_indexed(richtlijnen):
    sections, questions = search_index_rebuild()
    assert questions == PublishedQuestion.objects.count() == 3
    assert sections == SearchEntry.objects.filter(section__isnull=False).count()


def test_a_passage_marks_the_words_asked_not_their_neighbours_parts():
    text = "Pleegouders delen geen foto's van pleegkinderen of andere kinderen."
    cut = passage(text, ["pleegkind", "pleeg", "kind"], ["pleegkind"])
    assert "<mark>pleegkinderen</mark>" in cut
    assert "<mark>kinderen</mark>" in cut
    assert "<mark>Pleegouders</mark>" not in cut
    assert cut.endswith("kinderen</mark>.")


def test_a_long_text_gives_its_passage_quickly():
    text = "Een zin over iets anders. " * 20_000 + "Geen foto van cliënten."
    started = time.perf_counter()
    cut = passage(text, ["foto", "client"])
    assert time.perf_counter() - started < 2
    assert "<mark>foto</mark> van <mark>cliënten</mark>" in cut
    assert passage("snake_case y", [stem("case")]) == "<mark>snake_case</mark> y"


def test_beleid_keeps_synonyms_in_the_admin(beleid_client, richtlijnen, medewerker):
    add_url = reverse("admin:guidance_synonym_add")
    refused = beleid_client.post(add_url, {"word": "de", "means": "WhatsApp"})
    assert refused.status_code == HTTPStatus.OK
    assert "Kies een woord dat zoeken niet overslaat." in refused.text
    assert not Synonym.objects.filter(word="de").exists()
    done = beleid_client.post(add_url, {"word": "chatten", "means": "WhatsApp"})
    assert done.status_code == HTTPStatus.FOUND
    assert "social-media#whatsapp" in _top("chatten", medewerker)


def test_an_upgraded_database_gets_its_index_once(richtlijnen):
    from guidance.receivers import index_after_migrate

    count = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    index_after_migrate(sender=None)
    assert SearchEntry.objects.count() == count
    index_after_migrate(sender=None)  # an index that is there stays as it is
    assert SearchEntry.objects.count() == count
