"""On a 390-pixel phone a refused sign form opens on its feedback: the
summary is focused and in view without scrolling, and leads to the question."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import login, serious
from tests.policy.helpers import BODY, DOUBT, PHOTO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_BODY = (
    BODY
    + "\n\n"
    + "\n\n".join(
        f"## Hoofdstuk {n}\n\n" + "Een lange alinea over social media. " * 40
        for n in range(1, 7)
    )
)


def test_a_wrong_answer_opens_on_the_summary_at_390_px(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    user_factory(email="mila@sterkhuis.test", department=department)
    publish(body=LONG_BODY, title="Richtlijnen social media", questions=[PHOTO, DOUBT])
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/richtlijnen/social-media/")

    form = page.locator("#sign-form")
    form.get_by_label("Dat mag, als het kind lacht.").check()
    form.get_by_label(re.compile("Plaats het niet")).check()
    form.get_by_label("Ik heb deze richtlijn gelezen en begrepen").check()
    form.get_by_role("button", name=re.compile("Teken versie 1")).click()

    summary = page.locator("#sign-feedback")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport(ratio=1)
    expect(summary).to_contain_text("Je hebt nog niet getekend")
    expect(page.locator("#signed")).to_have_count(0)
    # The page opened far below its top, on the form.
    assert page.evaluate("window.scrollY") > 1000
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious(page) == []

    summary.get_by_role("link", name=re.compile("Vraag 1")).click()
    photo = page.get_by_role("group", name=re.compile("foto van een pleegkind"))
    expect(photo).to_be_in_viewport()
    expect(photo.locator("input[aria-invalid=true]")).to_have_count(2)
    expect(
        photo.get_by_role("link", name=re.compile("Lees nog eens"))
    ).to_have_attribute("href", "#grondbeginsel-6")
    assert csp_violations == []
