"""What a care worker sees in a week of use: on a phone the header leaves
room for the text and the way back to the contents hides no line; at 1,366
px the kinds on the signal form have room; the partners' richtlijn says whom
it is for; the compare page redlines the questions. axe on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from tests.browser.helpers import LONG_BODY, login, serious
from tests.policy.helpers import BODY, DOUBT, PHOTO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

BAR = """() => {
  const bar = document.querySelector('.back-to-toc');
  const box = bar.getBoundingClientRect();
  const article = bar.closest('article').getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
          articleLeft: article.left, articleRight: article.right,
          background: getComputedStyle(bar).backgroundColor};
}"""


@pytest.mark.parametrize("group", [None, roles.BELEID])
def test_on_a_phone_the_text_has_the_screen(
    page: Page, live_server, user_factory, department, publish, group, csp_violations
):
    user_factory(
        email="mila@sterkhuis.test",
        first_name="Mila",
        last_name="van der Heijden-Oosterhuis",
        department=department,
        groups=[group] if group else [],
    )
    publish(title="Richtlijnen social media", body=LONG_BODY)
    page.set_viewport_size(PHONE)
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/richtlijnen/social-media/")

    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE["height"] / 4, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("button", name="Uitloggen")).to_be_in_viewport(ratio=1)
    problems = serious(page)

    # In the middle of the text: the way back is an opaque bar at the very
    # bottom, as wide as the text, so no line shows half behind a button.
    page.locator("h2:has-text('Hoofdstuk 4')").scroll_into_view_if_needed()
    back = page.get_by_role("link", name="Terug naar de inhoud")
    expect(back).to_be_in_viewport()
    bar = page.evaluate(BAR)
    assert abs(bar["bottom"] - PHONE["height"]) <= 1, bar
    assert bar["left"] <= bar["articleLeft"] + 1, bar
    assert bar["right"] >= bar["articleRight"] - 1, bar
    assert bar["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), bar
    back.click()
    expect(page.locator("#toc")).to_be_in_viewport()
    problems += serious(page)
    assert problems == []
    assert csp_violations == []


def test_the_kind_cards_have_room_at_1366(
    page: Page, live_server, user_factory, department, csp_violations
):
    user_factory(email="mila@sterkhuis.test", department=department)
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    cards = page.locator(".kind-option")
    expect(cards).to_have_count(5)
    for card in cards.all():
        label = card.locator("span")
        lines = label.evaluate(
            "el => Math.round(el.getBoundingClientRect().height"
            " / parseFloat(getComputedStyle(el).lineHeight))"
        )
        assert lines == 1, label.inner_text()
        assert card.bounding_box()["width"] >= 150
    assert serious(page) == []
    assert csp_violations == []


def test_partners_richtlijn_says_it_is_for_partners(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    user_factory(email="mila@sterkhuis.test", department=department)
    version = publish("partners-in-zorg", title="Afspraken voor partners in zorg")
    guideline = version.guideline
    guideline.audience_all, guideline.audience_partners = False, True
    guideline.save()
    page.set_viewport_size(PHONE)
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/richtlijnen/")
    card = page.locator(".card").filter(has_text="Afspraken voor partners in zorg")
    expect(card.locator(".badge")).to_have_text(
        "voor partners in zorg, niet voor jouw afdeling"
    )
    problems = serious(page)
    page.goto(f"{live_server.url}/richtlijnen/partners-in-zorg/")
    expect(page.locator("#not-in-audience")).to_contain_text("partners in zorg")
    problems += serious(page)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#signals-intro")).to_contain_text("fout")
    problems += serious(page)
    assert problems == []
    assert csp_violations == []


def test_the_compare_page_redlines_the_questions(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    user_factory(email="mila@sterkhuis.test", department=department)
    publish(body=BODY, title="Richtlijnen social media", questions=[PHOTO, DOUBT])
    publish(body=BODY, questions=[PHOTO])
    page.set_viewport_size(PHONE)
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/richtlijnen/social-media/versies/1/vergelijk/2/")
    expect(page.locator("#diff del").filter(has_text="twijfelt")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious(page) == []
    assert csp_violations == []
