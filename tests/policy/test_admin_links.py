"""Every admin link reachable from a richtlijn's and a version's change page
answers without a server error, for Beleid and for a superuser."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from accounts import roles
from policy.services import guideline_withdraw, version_create_draft

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)')
SKIP = ("/admin/logout/", "/accounts/logout/", "/static/", "/media/")


def _links(html: str) -> set[str]:
    return {
        unescape(href)
        for href in HREF.findall(html)
        if href.startswith("/") and not href.startswith(SKIP)
    }


@pytest.mark.parametrize("who", ["beleid", "superuser"])
def test_no_admin_link_from_richtlijn_or_version_pages_is_a_server_error(
    client, user_factory, publish, who
):
    if who == "beleid":
        user = user_factory(groups=[roles.BELEID], is_staff=True)
    else:
        user = user_factory(is_staff=True, is_superuser=True)
    replaced = publish(body="## Een\n\nEerste tekst.\n")
    in_force = publish(body="## Een\n\nTweede tekst.\n", summary="Anders.")
    concept = version_create_draft(guideline=in_force.guideline, user=user)
    gone = publish("oud", body="## Oud\n\nWeg.\n", title="Oude richtlijn")
    guideline_withdraw(guideline=gone.guideline, user=user)
    gone.refresh_from_db()
    client.force_login(user)

    starts = [
        reverse("admin:policy_guideline_change", args=[in_force.guideline_id]),
        reverse("admin:policy_guideline_change", args=[gone.guideline_id]),
    ] + [
        reverse("admin:policy_guidelineversion_change", args=[v.pk])
        for v in (replaced, in_force, concept, gone)
    ]
    visited: dict[str, int] = {}
    for start in starts:
        page = client.get(start)
        assert page.status_code == 200, start
        visited[start] = page.status_code
        for link in _links(page.text) - visited.keys():
            response = client.get(link)
            visited[link] = response.status_code
            if response.status_code in (301, 302) and response["Location"].startswith(
                "/"
            ):
                target = response["Location"]
                visited[target] = client.get(target).status_code

    errors = {url: status for url, status in visited.items() if status >= 500}
    assert not errors
    # The crawl reached the pages that matter.
    assert any("/publiceren/" in url for url in visited)
    assert any("/history/" in url for url in visited)
    assert any(url.startswith("/richtlijnen/") for url in visited)
    assert len(visited) > 20
