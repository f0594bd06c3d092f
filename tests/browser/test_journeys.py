"""The flows a person clicks through, in a real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from tests.browser.helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_then_sign_again_after_a_material_change(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    base = live_server.url
    user_factory(email="mila@sterkhuis.test", department=department)
    user_factory(email="bo@sterkhuis.test", groups=[roles.BELEID], is_staff=True)
    user_factory(
        email="kim@sterkhuis.test",
        first_name="Kim",
        groups=[roles.KWALITEIT],
        is_staff=True,
    )
    publish(
        body="## Grondbeginselen\n\n### 6. Geef nooit informatie over cliënten "
        "{#grondbeginsel-6}\n\nVermeld nooit namen van cliënten.\n",
        title="Richtlijnen social media",
    )

    # The employee reads and signs.
    login(page, base, "mila@sterkhuis.test")
    expect(page.get_by_text("Richtlijnen social media")).to_be_visible()
    page.get_by_role("link", name="Richtlijnen social media").click()
    expect(page.locator("#grondbeginsel-6")).to_be_visible()
    page.get_by_role("button", name=re.compile("Teken versie 1")).click()
    expect(page.get_by_text("Vink aan dat je de richtlijn")).to_be_visible()
    page.get_by_label("Ik heb deze richtlijn gelezen en begrepen").check()
    page.get_by_role("button", name=re.compile("Teken versie 1")).click()
    expect(page.locator("#signed")).to_contain_text("versie 1")
    expect(page.locator("#sign-form")).to_have_count(0)
    logout(page)

    # Beleid publishes a material version 2 in the admin.
    login(page, base, "bo@sterkhuis.test")
    page.goto(f"{base}/admin/policy/guideline/")
    page.get_by_role("link", name="Richtlijnen social media").click()
    page.get_by_role("button", name="Nieuw concept").click()
    body = page.locator("textarea[name=body]")
    body.fill(
        body.input_value().replace(
            "Vermeld nooit namen van cliënten.",
            "Vermeld nooit namen of foto's van cliënten.",
        )
    )
    page.get_by_role("button", name="Opslaan en opnieuw bewerken").click()
    # Four eyes: not published before someone else approved it.
    expect(page.locator("#approval-missing")).to_be_visible()
    form = page.locator("#review-request-form")
    form.get_by_label("of een groep").select_option(label="Kwaliteit")
    form.get_by_role("button", name="Beoordeling vragen").click()
    expect(page.locator("#review-open")).to_contain_text("Kwaliteit")
    page.goto(f"{base}/")
    logout(page)

    # The quality officer reads the concept and approves it.
    login(page, base, "kim@sterkhuis.test")
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_role("link", name="Richtlijnen social media").click()
    expect(page.locator("#diff ins")).to_contain_text(["foto"])
    form = page.locator("#approve-form")
    form.get_by_label(re.compile("Goedkeuren")).check()
    form.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text(re.compile("Vastgelegd: goedgekeurd door"))).to_be_visible()
    logout(page)

    login(page, base, "bo@sterkhuis.test")
    page.goto(f"{base}/admin/policy/guideline/")
    page.get_by_role("link", name="Richtlijnen social media").click()
    page.locator("#open-concept a").click()
    page.locator("#publish-link").click()
    expect(page.locator("#approval-ok")).to_contain_text("Goedgekeurd door")
    page.get_by_label("Samenvatting van de wijziging").fill("Ook foto's genoemd")
    page.get_by_label(re.compile("Inhoudelijk")).check()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text(re.compile("Versie 2 is gepubliceerd"))).to_be_visible()
    page.goto(f"{base}/")
    logout(page)

    # The employee is asked again, sees what changed, and signs version 2.
    login(page, base, "mila@sterkhuis.test")
    page.get_by_role("link", name="Richtlijnen", exact=True).click()
    expect(page.get_by_text("te tekenen", exact=True)).to_be_visible()
    page.get_by_role("link", name="Richtlijnen social media").click()
    page.get_by_role("link", name=re.compile("veranderd is sinds versie 1")).click()
    expect(page.locator("#diff ins")).to_contain_text(["foto"])
    page.go_back()
    page.get_by_label("Ik heb deze richtlijn gelezen en begrepen").check()
    page.get_by_role("button", name=re.compile("Teken versie 2")).click()
    expect(page.locator("#signed")).to_contain_text("versie 2")

    assert csp_violations == []


def test_phone_sized_viewport_shows_the_richtlijn(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    page.set_viewport_size({"width": 390, "height": 844})
    user_factory(email="mila@sterkhuis.test", department=department)
    publish(title="Richtlijnen social media")
    login(page, live_server.url, "mila@sterkhuis.test")
    page.get_by_role("link", name="Richtlijnen social media").click()
    expect(page.locator("#sign-form")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert csp_violations == []
