"""What the browser tests share: logging in and out as a person does, axe's
serious findings, the two viewports and a long richtlijn."""

from __future__ import annotations

import re
import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD, totp_code

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
LONG_BODY = "\n\n".join(
    f"## Hoofdstuk {n}\n\n" + "Een lange alinea over social media. " * 40
    for n in range(1, 9)
)


def login(page: Page, base: str, email: str) -> None:
    """Log in with e-mail and password, and with a code from the authenticator
    app when the portal asks for one (staff)."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile("Welkom|Tweestapsverificatie"))
    if "Tweestapsverificatie" in heading.inner_text():
        page.get_by_label("Code").fill(fresh_code(email))
        page.get_by_role("button", name="Inloggen").click()
    expect(heading).to_contain_text("Welkom")


_used_codes: set[tuple[str, str]] = set()


def fresh_code(email: str) -> str:
    """A code the portal accepts now and has not seen from this account.

    The portal refuses a code used before (replay), and a test may log the
    same person in twice within one 30-second period: take a neighbouring
    period's code (accepted for clock drift), or wait for the next period.
    """
    while True:
        for offset in (0, 1, -1):
            code = totp_code(offset=offset)
            if (email, code) not in _used_codes:
                _used_codes.add((email, code))
                return code
        time.sleep(1)


def logout(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    if page.get_by_role("button", name=re.compile("Uitloggen")).count():
        page.get_by_role("button", name=re.compile("Uitloggen")).click()


axe = Axe()


def serious(page: Page) -> list[str]:
    results = axe.run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} "
        f"{[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
