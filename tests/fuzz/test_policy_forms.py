"""Generated input for the login, sign and publish forms: never a 500, never
markup that reaches a page as HTML."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy.models import GuidelineVersion, Signature
from policy.rendering import render_markdown

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
nasty = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            "' OR 1=1 --",
            "\x00",
            "🙂" * 50,
            "a" * 5000,
        ]
    ),
)


@FUZZ
@given(login=nasty, password=nasty)
def test_login_never_fails_badly(client, login, password):
    response = client.post("/accounts/login/", {"login": login, "password": password})
    assert response.status_code in (200, 302, 400, 429)
    assert b"<script>alert(1)</script>" not in response.content


@FUZZ
@given(
    version=st.one_of(nasty, st.integers().map(str)),
    confirmed=st.one_of(st.none(), nasty),
)
def test_sign_form_never_fails_badly(
    medewerker_client, medewerker, publish, version, confirmed
):
    # Examples share the test's transaction: publish once.
    if not GuidelineVersion.objects.exists():
        publish()
    data = {"version": version}
    if confirmed is not None:
        data["confirmed"] = confirmed
    response = medewerker_client.post("/richtlijnen/social-media/", data)
    assert response.status_code in (200, 302, 409)
    assert b"<script>alert(1)</script>" not in response.content
    if response.status_code == 302:
        assert Signature.objects.filter(user=medewerker).count() == 1


EVENT_HANDLER = re.compile(r"<[^>]+\son\w+\s*=", re.I)
SCRIPT_URL = re.compile(r"""<[^>]*\b(href|src)\s*=\s*["']?\s*javascript:""", re.I)


@FUZZ
@given(
    text=st.lists(
        st.one_of(
            nasty,
            st.sampled_from(
                [
                    "## Kop {#x onclick=alert(1)}",
                    "[a](javascript:alert(1))",
                    '<a href="javascript:alert(1)">x</a>',
                    "<svg onload=alert(1)>",
                    "<iframe src=//evil>",
                    "![x](x onerror=alert(1))",
                    "<scr<script>ipt>alert(1)</script>",
                ]
            ),
        ),
        max_size=8,
    ).map("\n\n".join)
)
def test_published_html_is_always_sanitised(text):
    rendered = render_markdown(text)
    for html in (rendered.html, rendered.toc_html):
        lowered = html.lower()
        assert "<script" not in lowered
        assert "<iframe" not in lowered and "<svg" not in lowered
        assert not SCRIPT_URL.search(html)
        assert not EVENT_HANDLER.search(html)


@FUZZ
@given(chapter=nasty, to_sign=nasty)
def test_the_handbook_filters_never_fail_badly(client, user_factory, chapter, to_sign):
    client.force_login(user_factory())
    response = client.get(
        "/richtlijnen/", {"hoofdstuk": chapter, "te-tekenen": to_sign}
    )
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text


@FUZZ
@given(
    links=st.lists(
        st.tuples(
            st.one_of(st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), nasty),
            nasty,
        ),
        max_size=5,
    )
)
def test_links_in_a_text_are_checked_without_failing(links):
    from policy.handbook import link_problems
    from policy.models import Guideline

    text = "\n\n".join(
        f"[link](/richtlijnen/{slug}/#{anchor})" for slug, anchor in links
    )
    guideline = Guideline(slug="social-media", title="Social media")
    problems = link_problems(render_markdown(text).html, guideline=guideline)
    # Nothing is published here: every link to another richtlijn is refused.
    assert all(isinstance(p, str) and p for p in problems)
    assert len(problems) <= len(links)
