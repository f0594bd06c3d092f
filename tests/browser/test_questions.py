"""Scenario questions and search, clicked through in a real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import VIEWPORTS, login, serious
from tests.policy.helpers import BODY, DOUBT, PHOTO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wrong_answer_leads_to_the_principle_then_signing(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    user_factory(email="mila@sterkhuis.test", department=department)
    publish(body=BODY, title="Richtlijnen social media", questions=[PHOTO, DOUBT])
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/richtlijnen/social-media/")

    form = page.locator("#sign-form")
    photo = form.get_by_role("group", name=re.compile("foto van een pleegkind"))
    doubt = form.get_by_role("group", name=re.compile("twijfelt"))
    photo.get_by_label("Dat mag, als het kind lacht.").check()
    doubt.get_by_label(re.compile("Plaats het niet")).check()
    page.get_by_label("Ik heb deze richtlijn gelezen en begrepen").check()
    page.get_by_role("button", name=re.compile("Teken versie 1")).click()

    # Nothing signed: the wrong question is marked and explained.
    expect(page.locator("#signed")).to_have_count(0)
    photo = page.get_by_role("group", name=re.compile("foto van een pleegkind"))
    expect(photo.locator("input[aria-invalid=true]")).to_have_count(2)
    expect(photo).to_contain_text(PHOTO["explanation"])
    doubt = page.get_by_role("group", name=re.compile("twijfelt"))
    expect(doubt.locator("[aria-invalid=true]")).to_have_count(0)
    assert serious(page) == []

    # The link leads to the principle's heading.
    photo.get_by_role("link", name=re.compile("Geef nooit informatie")).click()
    expect(page).to_have_url(re.compile("#grondbeginsel-6$"))
    expect(page.locator("#grondbeginsel-6")).to_be_in_viewport()

    # Answered rightly, the person signs.
    photo.get_by_label(re.compile("Niet doen")).check()
    # The rest of the form kept what the person filled in.
    expect(doubt.get_by_label(re.compile("Plaats het niet"))).to_be_checked()
    expect(
        page.get_by_label("Ik heb deze richtlijn gelezen en begrepen")
    ).to_be_checked()
    page.get_by_role("button", name=re.compile("Teken versie 1")).click()
    expect(page.locator("#signed")).to_contain_text("versie 1")
    assert csp_violations == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_from_the_header_and_the_question_pages(
    page: Page,
    live_server,
    viewport,
    user_factory,
    department,
    publish,
    csp_violations,
):
    page.set_viewport_size(VIEWPORTS[viewport])
    user_factory(email="mila@sterkhuis.test", department=department, is_superuser=True)
    publish(body=BODY, title="Richtlijnen social media")
    login(page, live_server.url, "mila@sterkhuis.test")

    box = page.locator("#site-search-q")
    expect(box).to_be_visible()
    box.fill("namen van cliënten")
    box.press("Enter")
    hits = page.locator("#search-results")
    expect(hits).to_be_visible()
    hits.get_by_role("link", name=re.compile("Geef nooit informatie")).first.click()
    expect(page).to_have_url(re.compile("/richtlijnen/social-media/#grondbeginsel-6$"))

    problems = []
    for path in [
        "/zoeken/",
        "/zoeken/?q=twijfel",
        "/vragen/",
        "/meldingen/beginselen/",
    ]:
        page.goto(live_server.url + path)
        problems += serious(page)
    assert problems == []
    assert csp_violations == []
