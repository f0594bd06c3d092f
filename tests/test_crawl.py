"""Every link a person is shown leads somewhere they may go: a partner in
zorg and a medewerker follow each same-site link from the start page, the
list, /vragen/ and a search, and no page answers 4xx or 5xx."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from tests.visibility_world import World

pytestmark = pytest.mark.django_db

# Pages that end the visit or are not for reading.
SKIP = ("/accounts/logout/", "/i18n/setlang/", "/static/", "/media/")
MAX_PAGES = 300


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_site_links(page_url: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urlsplit(urljoin("http://testserver" + page_url, href))
        if url.scheme not in {"http", "https"} or url.netloc != "testserver":
            continue  # mailto:, tel:, other sites
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


@pytest.fixture
def world(user_factory, publish) -> World:
    return World(user_factory, publish)


@pytest.mark.parametrize("role", ["partner", "medewerker"])
def test_no_link_shown_leads_to_an_error(client, world, role):
    client.force_login(world.users[role])
    start = [
        reverse("home"),
        reverse("policy:list"),
        reverse("guidance:questions"),
        reverse("guidance:search") + "?q=foto",
        reverse("guidance:search") + "?q=afspraken",
    ]
    queue, seen, broken = deque(start), set(start), []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code >= HTTPStatus.BAD_REQUEST:
            broken.append(f"{url}: {response.status_code}")
            continue
        if response.status_code in {HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY}:
            target = response.headers["Location"]
            if target not in seen and not target.startswith(SKIP):
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        # A title is plain text: markup there is a block left open.
        title = re.search(r"<title>(.*?)</title>", response.text, re.S)
        if title is None or "<" in title.group(1):
            broken.append(f"{url}: its <title> is not plain text")
        for link in same_site_links(url, response.text):
            if link not in seen and not link.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    assert not broken, f"{role} is shown links that fail:\n" + "\n".join(broken)
    # The crawl reached the richtlijnen and the questions it may read.
    assert any(u.startswith("/richtlijnen/voor-partners/") for u in seen)
    assert len(seen) < MAX_PAGES
    if role == "partner":
        # Partners log in by code: no second factor to set up, no password.
        assert not any(
            u.startswith(("/accounts/2fa/", "/accounts/password/")) for u in seen
        )
        assert "/zoeken/?q=foto" in seen and "/vragen/?beginsel=" in " ".join(seen)
