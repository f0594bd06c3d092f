"""Staff log into the admin with a second factor, in a real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from tests.browser.helpers import fresh_code
from tests.helpers import PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pr_logs_in_with_password_and_code_and_reaches_the_triage(
    page: Page, live_server, user_factory, csp_violations
):
    base = live_server.url
    user_factory(email="priya@sterkhuis.test", groups=[roles.PR], is_staff=True)

    # Straight to the admin: it sends her to the portal's login.
    page.goto(f"{base}/admin/reporting/signal/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("E-mailadres").fill("priya@sterkhuis.test")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    page.get_by_label("Code").fill("000000" if totp_code() != "000000" else "111111")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Ongeldige code.")).to_be_visible()

    page.get_by_label("Code").fill(fresh_code("priya@sterkhuis.test"))
    page.get_by_role("button", name="Inloggen").click()

    expect(page).to_have_url(f"{base}/admin/reporting/signal/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("melding")
    assert csp_violations == []


def test_staff_without_an_app_set_it_up_before_the_admin_opens(
    page: Page, live_server, user_factory, csp_violations
):
    base = live_server.url
    user_factory(
        email="bo@sterkhuis.test", groups=[roles.BELEID], is_staff=True, totp=False
    )

    # No code asked: there is no app yet.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill("bo@sterkhuis.test")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

    page.get_by_role("link", name="Beheer").click()
    # Setting up a second factor asks for the password once more.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_text("Stel eerst tweestapsverificatie in")).to_be_visible()
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Bevestig|Bevestigen")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Authenticator-app instellen"
    )
    expect(
        page.get_by_role("img", name="QR-code voor je authenticator-app")
    ).to_be_visible()
    # Scan nothing: type a code computed from the key shown on the page.
    secret = page.get_by_label("Sleutel").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Code uit de app").fill(totp_code(secret))
    page.get_by_role("button", name="Activeren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Herstelcodes")
    )
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/admin/")
    expect(page.locator("#policy-guideline")).to_be_visible()
    assert csp_violations == []
