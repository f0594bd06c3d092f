"""Generated input for the signal form and the triage form: never a 500,
never stored markup rendered as HTML."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.models import Priority, Signal, Status
from tests.reporting.factories import make_signal
from tests.reporting.helpers import fake

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
MARKUP = "<script>alert(1)</script>"
texts = st.one_of(
    st.text(max_size=300),
    st.just(MARKUP),
    st.just('"><img src=x onerror=alert(1)>'),
    st.just("BSN 111222333"),
)


@FUZZ
@given(
    kind=st.one_of(
        st.sampled_from(["compliment", "kritiek", "nieuws", "vraag"]), texts
    ),
    title=texts,
    description=texts,
    url=st.one_of(st.just("https://example.com/a"), texts),
    platform=st.one_of(st.just("facebook"), texts),
    seen_on=st.one_of(st.just(""), st.dates().map(str), texts),
    confirmed=st.booleans(),
    upload=st.one_of(st.none(), st.binary(max_size=2000)),
)
def test_signal_form_never_fails_badly(
    medewerker_client, kind, title, description, url, platform, seen_on, confirmed,
    upload,
):  # fmt: skip
    data = {
        "kind": kind,
        "title": title,
        "description": description,
        "url": url,
        "platform": platform,
        "seen_on": seen_on,
        "submission_key": str(uuid.uuid4()),
        "pending": "",
    }
    if confirmed:
        data["privacy_confirmed"] = "on"
    if upload is not None:
        data["attachments"] = [fake("x.png", upload, "image/png")]
    response = medewerker_client.post(reverse("reporting:create"), data)
    assert response.status_code in (200, 302)
    assert MARKUP not in response.text
    if response.status_code == 302:
        page = medewerker_client.get(response["Location"])
        assert MARKUP not in page.text


@FUZZ
@given(
    status=st.one_of(st.sampled_from(list(Status)), texts),
    priority=st.one_of(st.sampled_from(list(Priority)), texts),
    answer=texts,
    reason=texts,
    note=texts,
)
def test_triage_form_never_fails_badly(
    pr_client, medewerker, status, priority, answer, reason, note
):
    signal = Signal.objects.first() or make_signal(medewerker, title=MARKUP)
    url = reverse("admin:reporting_signal_change", args=[signal.pk])
    response = pr_client.post(
        url,
        {
            "status": status,
            "priority": priority,
            "assignee": "",
            "answer": answer,
            "closing_reason": reason,
            "note": note,
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (200, 302)
    page = pr_client.get(url)
    assert MARKUP not in page.text


def test_markup_in_a_signal_shows_as_text_to_reporter_and_pr(
    client, medewerker, pr_user
):
    signal = make_signal(medewerker, title=MARKUP, description=MARKUP)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    client.force_login(medewerker)
    for url in (signal.get_absolute_url(), reverse("reporting:list")):
        page = client.get(url)
        assert escaped in page.text
        assert MARKUP not in page.text
    client.force_login(pr_user)
    for url in (
        reverse("admin:reporting_signal_changelist"),
        reverse("admin:reporting_signal_change", args=[signal.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert escaped in page.text
        assert MARKUP not in page.text
