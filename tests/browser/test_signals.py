"""An employee forwards criticism from a phone; PR triages it in the admin."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from accounts import roles
from reporting.models import Signal, Status
from tests.browser.helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_criticism_with_screenshot_is_triaged_and_answered(
    page: Page, live_server, user_factory, department, tmp_path, csp_violations
):
    base = live_server.url
    user_factory(email="mila@sterkhuis.test", department=department)
    user_factory(email="priya@sterkhuis.test", groups=[roles.PR], is_staff=True)
    screenshot = tmp_path / "reactie.png"
    Image.new("RGB", (390, 200), (240, 240, 240)).save(screenshot)

    # The employee, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "mila@sterkhuis.test")
    page.get_by_role("link", name="Melding doen").first.click()
    form = page.locator("#signal-form")
    form.get_by_text("Kritiek", exact=True).click()
    form.get_by_label("Titel").fill("Boze reactie onder ons pleegzorgbericht")
    form.get_by_label("Toelichting").fill(
        "Iemand schrijft dat pleegouders niet gehoord worden."
    )
    form.get_by_label("Link").fill("https://www.facebook.com/sterkhuis/posts/42")
    form.get_by_label("Platform").select_option("facebook")
    form.get_by_label("Schermafbeeldingen of PDF").set_input_files(screenshot)
    form.get_by_role("button", name="Melding versturen").click()
    expect(
        page.get_by_text("PR en communicatie heeft je melding ontvangen")
    ).to_be_visible()
    expect(page.locator("#signal-status")).to_have_text("nieuw")
    signal_url = page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    logout(page)

    # PR triages it in the admin.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, base, "priya@sterkhuis.test")
    page.goto(f"{base}/admin/reporting/signal/")
    expect(page.locator("#status-counts")).to_contain_text("1 nieuw")
    row = page.get_by_role("row", name=re.compile("Boze reactie"))
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("assign_to_me")
    page.get_by_role("button", name=re.compile("Uitvoeren|Go")).click()
    expect(page.get_by_text("aan jou toegewezen")).to_be_visible()
    page.get_by_role("row", name=re.compile("Boze reactie")).get_by_role(
        "checkbox"
    ).check()
    page.locator("select[name=action]").select_option("start_handling")
    page.get_by_role("button", name=re.compile("Uitvoeren|Go")).click()
    expect(page.get_by_text("1 melding in behandeling.")).to_be_visible()
    page.get_by_role("link", name="Boze reactie onder ons pleegzorgbericht").click()
    expect(page.locator("img.signal-thumb")).to_be_visible()
    page.locator("select[name=status]").select_option("afgehandeld")
    page.locator("textarea[name=answer]").fill(
        "Dank je. We hebben de schrijver een bericht gestuurd."
    )
    page.get_by_role("button", name=re.compile("^Opslaan$|^Save$")).click()
    expect(page.get_by_text(re.compile("gewijzigd|changed"))).to_be_visible()
    page.goto(f"{base}/")
    logout(page)

    signal = Signal.objects.get()
    assert signal.status == Status.HANDLED
    assert signal.assignee.email == "priya@sterkhuis.test"

    # The employee sees the answer.
    login(page, base, "mila@sterkhuis.test")
    page.goto(signal_url)
    expect(page.locator("#answer")).to_contain_text("We hebben de schrijver")
    expect(page.locator("#signal-status")).to_have_text("afgehandeld")
    assert csp_violations == []


def test_privacy_warning_keeps_the_screenshot(
    page: Page, live_server, user_factory, department, tmp_path, csp_violations
):
    user_factory(email="mila@sterkhuis.test", department=department)
    screenshot = tmp_path / "chat.png"
    Image.new("RGB", (50, 50), (0, 0, 0)).save(screenshot)
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.get_by_text("Vraag: mag ik dit plaatsen?").click()
    page.get_by_label("Titel").fill("Mag dit op LinkedIn?")
    page.get_by_label("Toelichting").fill("Trots op Sanne (06-12345678)!")
    page.get_by_label("Platform").select_option("linkedin")
    page.get_by_label("Schermafbeeldingen of PDF").set_input_files(screenshot)
    page.get_by_role("button", name="Melding versturen").click()

    expect(page.locator("#privacy-warning")).to_contain_text("telefoonnummer")
    expect(page.get_by_label("Toelichting")).to_have_value(
        "Trots op Sanne (06-12345678)!"
    )
    expect(page.locator("#pending-files")).to_contain_text("chat.png")
    page.locator("input[name=privacy_confirmed]").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.locator("#signal-status")).to_have_text("nieuw")
    assert Signal.objects.get().attachments.count() == 1
    assert csp_violations == []
