"""Every policy page runs a fixed number of queries, whatever the data size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import count_queries
from tests.policy.helpers import build

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("home"),
    reverse("policy:list"),
    reverse("policy:detail", args=["richtlijn-0"]),
    reverse("policy:versions", args=["richtlijn-0"]),
    reverse("policy:version", args=["richtlijn-0", 1]),
    reverse("policy:compare", args=["richtlijn-0", 1, 2]),
]


@pytest.mark.slow
@pytest.mark.parametrize("url", PAGES)
def test_pages_run_the_same_queries_on_large_data(
    client, url, django_assert_max_num_queries
):
    user = build(guidelines=1, versions=2, users=1)
    client.force_login(user)
    small = count_queries(client, url)

    build(guidelines=49, versions=5, users=1999, offset=1)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert small <= 8, f"{url} runs {small} queries"
