"""A handbook of forty richtlijnen as a care worker and Beleid see it: the
list folds its chapters, the start page shows the first ten to sign, the
overview the richtlijnen that lag most; each opens the rest with a click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from compliance.figures import figures_refresh
from tests.browser.helpers import VIEWPORTS, login, serious
from tests.helpers import bulk_handbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_large_handbook_opens_chapter_by_chapter(
    page: Page, live_server, viewport, user_factory, department, csp_violations
):
    page.set_viewport_size(VIEWPORTS[viewport])
    user_factory(email="mila@sterkhuis.test", department=department, is_superuser=True)
    bulk_handbook(40, chapters=4)
    figures_refresh()
    login(page, live_server.url, "mila@sterkhuis.test")
    problems = serious(page)

    # The start page: the first ten, and a way to all forty.
    cards = page.locator("#to-sign-heading ~ ul .card")
    expect(cards).to_have_count(10)
    page.locator("#to-sign-more a").click()
    expect(page).to_have_url(re.compile(r"/richtlijnen/\?te-tekenen=1$"))
    expect(page.locator(".card")).to_have_count(40)
    problems += serious(page)

    # The handbook folded: a heading and the counts per chapter, no rows.
    page.goto(f"{live_server.url}/richtlijnen/")
    expect(page.get_by_role("heading", level=2)).to_have_count(4)
    expect(page.locator(".card")).to_have_count(0)
    expect(page.locator(".chapter-folded").first).to_contain_text("10 te tekenen")
    problems += serious(page)
    page.get_by_role("link", name="Open hoofdstuk 2").click()
    expect(page).to_have_url(re.compile(r"\?hoofdstuk=2$"))
    expect(page.locator(".card")).to_have_count(10)
    expect(page.locator("#id_hoofdstuk")).to_have_value("2")

    # The overview: the 25 that lag most, and all of them one click further.
    page.goto(f"{live_server.url}/naleving/")
    expect(page.locator("#guidelines tbody tr")).to_have_count(25)
    problems += serious(page)
    page.locator("#guidelines-cut a").click()
    expect(page.locator("#guidelines tbody tr")).to_have_count(40)
    assert problems == []
    assert csp_violations == []
