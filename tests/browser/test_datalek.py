"""A mistake with client data: the employee reports it, the privacy officer
decides within the 72 hours, PR sees the mark in the queue."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from datalek.models import Breach, Decision, Status
from tests.browser.helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reported_mistake_is_decided_and_closed(
    page: Page, live_server, user_factory, department, csp_violations
):
    base = live_server.url
    user_factory(email="mila@sterkhuis.test", department=department)
    user_factory(email="privacy@sterkhuis.test", groups=[roles.PRIVACY])
    user_factory(email="priya@sterkhuis.test", groups=[roles.PR], is_staff=True)

    # The employee admits a mistake, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "mila@sterkhuis.test")
    page.goto(f"{base}/meldingen/nieuw/")
    form = page.locator("#signal-form")
    expect(form.locator("#fout-advice")).to_contain_text("Vertel het je leidinggevende")
    form.get_by_text(re.compile("ik heb zelf iets geplaatst")).click()
    form.get_by_label("Titel").fill("Foto van ons uitje op Instagram")
    form.get_by_label("Toelichting").fill(
        "Op de achtergrond was een pleegkind te herkennen. Ik heb hem weggehaald."
    )
    form.get_by_label("Platform").select_option("instagram")
    form.get_by_label(re.compile("Hierdoor zijn mogelijk gegevens")).check()
    form.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("Dank je wel dat je het meldt")).to_be_visible()
    expect(page.locator("#breach-notice")).to_contain_text("privacyfunctionaris")
    expect(page.locator("#ap-deadline")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    logout(page)

    # The privacy officer sees the hours left, decides and closes it.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, base, "privacy@sterkhuis.test")
    page.get_by_role("link", name="Datalekken").click()
    row = page.locator("#breaches tbody tr").first
    expect(row).to_contain_text(re.compile(r"nog 7[12] uur"))
    row.get_by_role("link").click()
    deadline = page.locator("#ap-deadline").get_attribute("datetime")
    breach = Breach.objects.get()
    assert datetime.datetime.fromisoformat(deadline) == breach.deadline
    expect(page.locator("#hours-left")).to_contain_text(re.compile(r"nog 7[12] uur"))
    page.get_by_label("niet melden bij de AP").check()
    page.get_by_label("Reden van het besluit").fill(
        "Binnen een uur verwijderd; het kind is niet bij naam genoemd."
    )
    page.get_by_label(re.compile("Afsluiten: er hoeft niets meer")).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het datalek is bijgewerkt.")).to_be_visible()
    expect(page.locator("#breach-status")).to_have_text(
        "niet gemeld: geen risico · afgesloten"
    )
    breach.refresh_from_db()
    assert breach.status == Status.CLOSED
    assert breach.decision == Decision.DO_NOT_NOTIFY
    logout(page)

    # PR sees the mark in the queue.
    login(page, base, "priya@sterkhuis.test")
    page.goto(f"{base}/admin/reporting/signal/")
    first = page.locator("#result_list tbody tr").first
    expect(first).to_contain_text("Foto van ons uitje op Instagram")
    expect(first.locator(".breach-mark")).to_have_text("mogelijk datalek")
    assert csp_violations == []


def test_on_a_phone_the_register_is_a_list_of_cards_clock_first(
    page: Page, live_server, user_factory, department, csp_violations
):
    from tests.reporting.factories import make_signal

    reporter = user_factory(email="mila@sterkhuis.test", department=department)
    user_factory(email="privacy@sterkhuis.test", groups=[roles.PRIVACY])
    titles = ["Foto van een pleegkind op Instagram", "Mail naar de verkeerde ouder"]
    for title in titles:
        make_signal(reporter, kind="fout", url="", title=title, possible_breach=True)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "privacy@sterkhuis.test")
    # The start page shows the open breaches, each with its clock.
    agenda = page.locator("#open-breaches")
    expect(agenda.locator(".breach-card")).to_have_count(2)
    expect(agenda.locator(".breach-card").first).to_contain_text(
        re.compile(r"nog 7[12] uur")
    )

    page.goto(f"{live_server.url}/datalekken/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    card = page.locator("#breaches tbody tr").first
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    clock = card.locator(".breach-clock")
    expect(clock).to_contain_text(re.compile(r"nog 7[12] uur"))
    expect(clock).to_be_in_viewport()
    name = card.get_by_role("link")
    assert clock.bounding_box()["y"] < name.bounding_box()["y"]
    # Each card says what happened, within the screen's width.
    expect(card).to_contain_text(
        re.compile("Foto van een pleegkind op Instagram|Mail naar de verkeerde ouder")
    )
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    expect(card).to_contain_text("nog te beoordelen")
    assert csp_violations == []
