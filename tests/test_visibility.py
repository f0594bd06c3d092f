"""Who sees what, with data: every role against every kind of richtlijn and
published question, on every surface that shows them (the list, the pages,
search, /vragen/, the start page, the mails). The URL rules are in
test_access_matrix.py; this file checks what those pages show.

Run it on both engines: without DATABASE_URL search is the plain fallback,
with a PostgreSQL DATABASE_URL the full-text search.
"""

from __future__ import annotations

import datetime
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from policy.reminders import send_reminders
from tests.visibility_world import (
    IN_FORCE,
    KINDS,
    QUESTIONS,
    QUESTIONS_SEEN,
    READABLE,
    RICHTLIJNEN,
    ROLES,
    STAFF,
    TO_SIGN,
    World,
    question_text,
)

pytestmark = pytest.mark.django_db

NOT_FOUND = HTTPStatus.NOT_FOUND


@pytest.fixture
def world(user_factory, publish) -> World:
    return World(user_factory, publish)


def login(client, world: World, role: str):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def titles_in(html: str) -> set[str]:
    """The richtlijnen whose title a page shows."""
    return {k.name for k in RICHTLIJNEN if k.title in html}


def questions_in(html: str) -> set[str]:
    return {k.name for k in QUESTIONS if question_text(k) in html}


def hits(client, word: str) -> tuple[set[str], int]:
    """What a search for `word` finds: the kinds named in its hits (a
    passage by the richtlijn its group is headed with, a question by its
    text), and how many passages of richtlijnen it counts."""
    html = client.get(reverse("guidance:search"), {"q": word}).text
    kinds: set[str] = set()
    count = 0
    groups = re.findall(r'<section class="search-group".*?</section>', html, re.S)
    for group in groups:
        heading = re.search(r"<h2.*?</h2>", group, re.S).group(0)
        found = re.findall(r'<li class="hit hit-(\w+)">(.*?)</li>', group, re.S)
        count += sum(1 for kind_of_hit, _hit in found if kind_of_hit != "question")
        for kind_of_hit, hit in found:
            for k in RICHTLIJNEN:
                if kind_of_hit != "question" and k.title in heading:
                    kinds.add(k.name)
            for k in QUESTIONS:
                if question_text(k) in hit:
                    kinds.add(k.name)
    return kinds, count


def is_login_redirect(response) -> bool:
    return response.status_code == HTTPStatus.FOUND and reverse(
        "account_login"
    ) in response.headers.get("Location", "")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_share_on_every_page(client, world, role):
    login(client, world, role)
    pages = {
        "list": reverse("policy:list"),
        "home": reverse("home"),
        "questions": reverse("guidance:questions"),
        "search": reverse("guidance:search") + "?q=foto",
    }
    if role == "anonymous":
        for url in pages.values():
            assert is_login_redirect(client.get(url)), url
        return

    assert titles_in(client.get(pages["list"]).text) == IN_FORCE[role]
    home = client.get(pages["home"]).text
    assert titles_in(home) == TO_SIGN[role]
    assert questions_in(client.get(pages["questions"]).text) == QUESTIONS_SEEN[role]

    for kind in RICHTLIJNEN:
        found, count = hits(client, kind.word)
        expected = {kind.name} if kind.name in IN_FORCE[role] else set()
        assert found & set(KINDS) - {q.name for q in QUESTIONS} == expected, (
            role,
            kind.name,
        )
        # A published answer is found with the heading it cites, but only
        # one the role may see.
        assert {q.name for q in QUESTIONS} & found <= QUESTIONS_SEEN[role]
        # The count of hits tells nothing either: two sections or none.
        assert count == (2 if expected else 0), (role, kind.name)
    for kind in QUESTIONS:
        found, _count = hits(client, kind.word)
        assert (kind.name in found) == (kind.name in QUESTIONS_SEEN[role])


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_pages_it_may_read(client, world, role):
    login(client, world, role)
    for kind in RICHTLIJNEN:
        urls = [
            reverse("policy:detail", args=[kind.slug]),
            reverse("policy:versions", args=[kind.slug]),
            reverse("policy:version", args=[kind.slug, 1]),
            reverse("policy:compare", args=[kind.slug, 1, 1]),
        ]
        for url in urls:
            response = client.get(url)
            if role == "anonymous":
                assert is_login_redirect(response), url
            elif kind.name in READABLE[role]:
                assert response.status_code == HTTPStatus.OK, (role, url)
                assert kind.title in response.text
            else:
                assert response.status_code == NOT_FOUND, (role, url)
                assert kind.title not in response.text


def test_the_mails_name_only_what_their_reader_may_see(
    world, django_capture_on_commit_callbacks
):
    # The day after the deadline: reminders and the digests of the overdue.
    deadline = world.versions["staff"].signing_deadline
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=deadline + datetime.timedelta(days=1))
    by_role = dict.fromkeys(ROLES, "")
    for message in mail.outbox:
        for role, user in world.users.items():
            if user.email in message.to:
                by_role[role] += message.subject + message.body
    for role, text in by_role.items():
        named = titles_in(text)
        # A reminder names what its reader must sign; a digest (the
        # leidinggevende's, the contact person's) what their people must.
        assert TO_SIGN[role] <= named, role
        assert named <= IN_FORCE[role], role
    assert "Richtlijn Kastanje" in by_role["medewerker"]  # the contact's digest


def _bare(response, url: str) -> str:
    """A page without what differs on every request: its own address and the
    CSRF token."""
    text = response.text.replace(url.split("#")[0], "")
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", text)


def test_a_partner_typing_a_staff_address_gets_the_page_of_nothing(client, world):
    """A staff richtlijn, its versions, a section anchor, a question id: the
    same 404 as for what does not exist, telling nothing of it."""
    login(client, world, "partner")
    staff = KINDS["staff"]
    hidden_question = world.principle("staff").published_questions.get()
    cases = [
        (f"/richtlijnen/{staff.slug}/", "/richtlijnen/bestaat-niet/"),
        (f"/richtlijnen/{staff.slug}/versies/", "/richtlijnen/bestaat-niet/versies/"),
        (
            f"/richtlijnen/{staff.slug}/versies/1/",
            "/richtlijnen/bestaat-niet/versies/1/",
        ),
        (
            f"/richtlijnen/{staff.slug}/versies/1/vergelijk/1/",
            "/richtlijnen/bestaat-niet/versies/1/vergelijk/1/",
        ),
        (
            f"/vragen/?beginsel={world.principle('staff').pk}",
            "/vragen/?beginsel=999999",
        ),
        (
            f"/vragen/?beginsel={hidden_question.principle_id}#vraag-"
            f"{hidden_question.pk}",
            "/vragen/?beginsel=abc",
        ),
    ]
    for hidden, absent in cases:
        seen, nothing = client.get(hidden), client.get(absent)
        assert seen.status_code == nothing.status_code == NOT_FOUND, hidden
        assert _bare(seen, hidden) == _bare(nothing, absent), hidden
        assert "contactpersoon" in seen.text
        for word in [staff.word, staff.title, "Zonnebloem"]:
            assert word not in seen.text
    # Search for the staff word: no hits, and the same page as for nonsense.
    found, count = hits(client, staff.word)
    assert (found, count) == (set(), 0)


def test_a_partner_reads_only_the_principle_links_they_may_follow(client, world):
    from reporting.models import Signal
    from tests.reporting.factories import make_signal

    partner = world.users["partner"]
    signal = make_signal(partner, kind="vraag", title="Mag dit?")
    Signal.objects.get(pk=signal.pk).principles.set(
        [world.principle("staff"), world.principle("partner")]
    )
    login(client, world, "partner")
    html = client.get(reverse("reporting:detail", args=[signal.pk])).text
    assert f'href="/richtlijnen/{KINDS["partner"].slug}/#over"' in html
    assert KINDS["staff"].slug not in html and "Zonnebloem" not in html


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_read_every_richtlijn_but_sign_only_their_own(client, world, role):
    login(client, world, role)
    for kind in ("staff", "department", "partner"):
        page = client.get(reverse("policy:detail", args=[KINDS[kind].slug])).text
        assert ('id="sign-form"' in page) == (kind in TO_SIGN[role]), kind


def test_pr_sees_which_principles_reach_partners(client, world):
    client.force_login(world.users["pr"])
    html = client.get(reverse("admin:guidance_publishedquestion_add")).text
    assert "Richtlijn Kastanje: Over de kastanje (ook voor partners in zorg)" in html
    assert "Richtlijn Zonnebloem: Over de zonnebloem</option>" in html
