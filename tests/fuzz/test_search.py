"""Generated queries for /zoeken/: any text, FTS and tsquery syntax among
words of the richtlijn. Never a 500, never an error of the database, and
every passage is escaped except its marks."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.search import search

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
BODY = (
    "## Privé en werk {#prive}\n\nGeen foto's van cliënten in de app-groep; "
    'lees de "privacy instellingen" & denk <na>.\n'
)
SYNTAX = "\" * NEAR NEAR( - : ^ ( ) & | ! OR AND NOT ' \\ \x00 \ue000 :* <b> ;".split()
WORDS = ["foto", "cliënten", "privé", "app", "groep", "privacy", "werk", "de"]
queries = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=30).map("".join),
)


@pytest.fixture
def richtlijn(publish):
    return publish(body=BODY, title="Richtlijnen social media")


@FUZZ
@given(query=queries)
def test_any_query_gives_a_page(medewerker_client, medewerker, richtlijn, query):
    response = medewerker_client.get(reverse("guidance:search"), {"q": query})
    assert response.status_code == HTTPStatus.OK
    for hit in search(query, user=medewerker).hits:
        markup = re.sub(r"</?mark>", "", str(hit.passage))
        assert "<" not in markup
