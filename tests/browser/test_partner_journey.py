"""A foster parent on a phone: a code by e-mail, the agreements, a signature."""

from __future__ import annotations

import email
import re
from email import policy

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from accounts.partners import partner_create
from tests.browser.helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_code(mail_dir) -> str:
    """The login code from the one message the file backend wrote."""
    [path] = sorted(mail_dir.iterdir())
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "pleegouder@example.nl"
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]+)?)\s*$", body, re.M)
    assert found, body
    return found[1]


def test_a_foster_parent_logs_in_with_a_code_and_signs_on_a_phone(
    page: Page,
    live_server,
    settings,
    tmp_path,
    user_factory,
    department,
    publish,
    csp_violations,
):
    mail_dir = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(mail_dir)},
        }
    }
    base = live_server.url
    contact = user_factory(
        email="mila@sterkhuis.test",
        first_name="Mila",
        last_name="de Vries",
        department=department,
    )
    user_factory(email="bo@sterkhuis.test", groups=[roles.BELEID], is_staff=True)
    partner_create(
        email="pleegouder@example.nl",
        first_name="Sam",
        last_name="Pleegouder",
        contact_person=contact,
        send_invite=False,
    )
    version = publish(
        "partners-in-zorg",
        "## De afspraken\n\n### 1. Deel geen foto's en geen namen. {#afspraak-1}\n\n"
        "Zet geen foto's of namen online van pleegkinderen.\n",
        title="Afspraken voor partners in zorg",
    )
    guideline = version.guideline
    guideline.audience_all, guideline.audience_partners = False, True
    guideline.save()  # its receiver recounts the figures
    page.set_viewport_size({"width": 390, "height": 844})

    # The foster parent asks for a code: no password.
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("link", name=re.compile("Log in met een code")).click()
    page.get_by_label("E-mailadres").fill("pleegouder@example.nl")
    page.get_by_role("button", name="Stuur mij een code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul je code in")

    # … reads it in the e-mail, and logs in.
    page.get_by_label("Code").fill(read_code(mail_dir))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Sam")
    contact_box = page.locator("#contact-person")
    expect(contact_box).to_contain_text("Mila de Vries")
    expect(contact_box.get_by_role("link", name="mila@sterkhuis.test")).to_be_visible()

    # Reads and signs the agreements.
    page.get_by_role("link", name="Afspraken voor partners in zorg").first.click()
    expect(page.locator("#afspraak-1")).to_be_visible()
    page.get_by_label("Ik heb deze richtlijn gelezen en begrepen").check()
    page.get_by_role("button", name=re.compile("Teken versie 1")).click()
    expect(page.locator("#signed")).to_contain_text("versie 1")
    expect(page.locator("#sign-form")).to_have_count(0)
    logout(page)

    # Beleid sees the partner counted, in a group of their own.
    login(page, base, "bo@sterkhuis.test")
    page.goto(f"{base}/naleving/partners-in-zorg/")
    row = page.locator("tr", has_text="Partners in zorg · Pleegzorg")
    expect(row).to_contain_text("1 / 1")
    assert csp_violations == []
