"""On a 390-pixel phone the key figures fit without sideways scrolling, the
long richtlijn leads back to its contents, the sign card clears the footer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from policy.services import signature_create
from tests.browser.helpers import LONG_BODY, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = """Array.from(document.querySelectorAll('.table-scroll, table'))
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.id || el.className)"""


def test_phone_pages_fit_and_lead_back(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    base = live_server.url
    user = user_factory(
        email="bo@sterkhuis.test",
        department=department,
        groups=[roles.BELEID],
        is_staff=True,
    )
    first = publish(title="Richtlijnen social media", body=LONG_BODY)
    signature_create(user=user, version=first)
    publish(body=LONG_BODY + "\n\nNieuw.\n", summary="Een nieuwe alinea.")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "bo@sterkhuis.test")

    for path in ["/naleving/", "/richtlijnen/social-media/versies/"]:
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        # Nor inside a table's own scroll box.
        assert page.evaluate(SIDEWAYS) == [], path
    page.goto(f"{base}/naleving/")
    expect(page.locator("#guidelines .figure").first).to_be_in_viewport()
    page.goto(f"{base}/richtlijnen/social-media/versies/")
    expect(page.get_by_text("Een nieuwe alinea.")).to_be_visible()

    page.goto(f"{base}/richtlijnen/social-media/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(
        "#hoofdstuk-6, h2:has-text('Hoofdstuk 6')"
    ).first.scroll_into_view_if_needed()
    back = page.get_by_role("link", name="Terug naar de inhoud")
    expect(back).to_be_in_viewport()
    back.click()
    expect(page.locator("#toc")).to_be_in_viewport()

    form = page.locator("#sign-form").bounding_box()
    footer = page.locator(".site-footer").bounding_box()
    assert footer["y"] - (form["y"] + form["height"]) >= 24
    assert csp_violations == []
