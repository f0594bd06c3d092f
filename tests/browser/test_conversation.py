"""The signal form explains a refusal, and PR and the reporter talk it over:
a question, an answer on the signal page, an answer that closes, a request
to reopen."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from accounts import roles
from reporting.models import Signal, StandardAnswer, Status
from tests.browser.helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_error_summary_then_a_conversation_with_pr(
    page: Page, live_server, user_factory, department, csp_violations
):
    base = live_server.url
    user_factory(email="mila@sterkhuis.test", department=department)
    user_factory(email="priya@sterkhuis.test", groups=[roles.PR], is_staff=True)
    StandardAnswer.objects.create(
        title="Doorgestuurd", text="Dank je, we hebben het doorgestuurd."
    )

    # A refused form opens on its summary, which links to each field.
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "mila@sterkhuis.test")
    page.goto(f"{base}/meldingen/nieuw/")
    form = page.locator("#signal-form")
    form.get_by_label("Titel").fill("Gedeeld in een WhatsApp-groep")
    form.get_by_role("button", name="Melding versturen").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("link")).to_have_count(3)  # kind, text, platform
    summary.get_by_role("link", name=re.compile("Toelichting")).click()
    expect(form.get_by_label("Toelichting")).to_be_focused()
    expect(form.get_by_label("Titel")).to_have_value("Gedeeld in een WhatsApp-groep")

    # WhatsApp has no link to give: none is asked.
    form.get_by_text("Nieuws", exact=True).click()
    form.get_by_label("Toelichting").fill("Een ouder deelt onze nieuwsbrief.")
    form.get_by_label("Platform").select_option("whatsapp")
    form.get_by_role("button", name="Melding versturen").click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile("antwoordt uiterlijk \\d+ \\w+ 20\\d\\d")
    )
    signal_url = page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    logout(page)

    # PR picks it up and asks a question; the box appears with the status.
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, base, "priya@sterkhuis.test")
    page.goto(f"{base}/admin/reporting/signal/")
    page.get_by_role("row", name=re.compile("WhatsApp-groep")).get_by_role(
        "checkbox"
    ).check()
    page.locator("select[name=action]").select_option("pick_up")
    page.get_by_role("button", name=re.compile("Uitvoeren|Go")).click()
    expect(page.get_by_text("1 melding opgepakt")).to_be_visible()
    page.get_by_role("link", name="Gedeeld in een WhatsApp-groep").click()
    question = page.locator("textarea[name=question]")
    expect(question).to_be_hidden()
    page.locator("select[name=status]").select_option("wacht_op_melder")
    expect(question).to_be_visible()
    question.fill("Welke groep was het?")
    page.locator("textarea[name=note]").fill("Intern: navragen bij de teamleider")
    page.get_by_role("button", name=re.compile("^Opslaan$|^Save$")).click()
    expect(page.get_by_text(re.compile("gewijzigd|changed"))).to_be_visible()
    page.goto(f"{base}/")
    logout(page)
    assert Signal.objects.get().status == Status.AWAITING_REPORTER
    assert any("Welke groep was het?" in m.body for m in mail.outbox)

    # The reporter answers on the signal page; internal notes stay internal.
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "mila@sterkhuis.test")
    page.goto(signal_url)
    expect(page.locator("#conversation")).to_contain_text("Welke groep was het?")
    expect(page.locator("body")).not_to_contain_text("navragen bij de teamleider")
    page.get_by_label("Je reactie").fill("De ouderapp van groep 7.")
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator("#signal-status")).to_have_text("in behandeling")
    expect(page.locator("#conversation")).to_contain_text("De ouderapp van groep 7.")
    logout(page)

    # PR answers and closes in one step, from a standard answer.
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, base, "priya@sterkhuis.test")
    signal = Signal.objects.get()
    page.goto(f"{base}/admin/reporting/signal/{signal.pk}/change/")
    expect(page.locator(".field-history")).to_contain_text("De ouderapp van groep 7.")
    page.get_by_role("link", name="Beantwoorden en afsluiten").click()
    page.get_by_role("button", name="Doorgestuurd").click()
    expect(page.locator("#id_answer")).to_have_value(
        "Dank je, we hebben het doorgestuurd."
    )
    page.get_by_role("button", name="Antwoord versturen en afsluiten").click()
    expect(page.get_by_text(re.compile("beantwoord en afgesloten"))).to_be_visible()
    page.goto(f"{base}/")
    logout(page)

    # The reporter reads the answer and asks to reopen.
    login(page, base, "mila@sterkhuis.test")
    page.goto(signal_url)
    expect(page.locator("#answer")).to_contain_text("we hebben het doorgestuurd")
    page.get_by_label("Je reactie").fill("Het staat er nog steeds.")
    page.get_by_label(re.compile("opnieuw bekijkt")).check()
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator("#signal-status")).to_have_text("heropend")
    assert csp_violations == []
