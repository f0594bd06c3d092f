"""The editor's pages run a fixed number of queries, whatever the data size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policy.models import Guideline, GuidelineVersion
from policy.services import version_create_draft
from tests.helpers import count_queries
from tests.policy.helpers import build

pytestmark = pytest.mark.django_db


@pytest.mark.slow
@pytest.mark.parametrize("page", ["publish", "guideline", "concept", "home"])
def test_editor_pages_run_the_same_queries_on_large_data(
    client, beleid, page, django_assert_max_num_queries
):
    build(guidelines=1, versions=2, users=1)
    guideline = Guideline.objects.get(slug="richtlijn-0")
    guideline.owner = beleid
    guideline.save()
    concept = version_create_draft(guideline=guideline, user=beleid)
    concept.body += "\nNieuwe zin.\n"
    concept.save()
    url = {
        "publish": reverse("admin:policy_guidelineversion_publish", args=[concept.pk]),
        "guideline": reverse("admin:policy_guideline_change", args=[guideline.pk]),
        "concept": reverse("admin:policy_guidelineversion_change", args=[concept.pk]),
        "home": reverse("home"),
    }[page]
    client.force_login(beleid)
    small = count_queries(client, url)

    build(guidelines=49, versions=5, users=1999, offset=1)
    for other in Guideline.objects.exclude(pk=guideline.pk)[:20]:
        other.owner = beleid
        other.save()
        version_create_draft(guideline=other, user=beleid)
    assert GuidelineVersion.objects.count() > 250
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
