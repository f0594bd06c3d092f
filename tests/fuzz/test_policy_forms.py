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
