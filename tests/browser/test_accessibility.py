"""axe-core on the main pages, on a phone and on a desktop: no serious or
critical violations."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from accounts import roles
from datalek.services import breach_update
from policy.models import Chapter, Guideline
from policy.services import (
    guideline_withdraw,
    review_request,
    signature_create,
    version_create_draft,
)
from reporting.services import signal_update
from tests.browser.helpers import VIEWPORTS, login, serious
from tests.reporting.factories import make_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/richtlijnen/",
    "/richtlijnen/social-media/",
    "/richtlijnen/social-media/versies/",
    "/richtlijnen/social-media/versies/1/",
    "/richtlijnen/social-media/versies/1/vergelijk/2/",
    "/meldingen/nieuw/",
    "/meldingen/",
    "/naleving/",
    "/naleving/social-media/",
    "/zoeken/",
    "/zoeken/?q=verstand",
    "/zoeken/?q=verstnad",  # nothing found: "Bedoelde je …?"
    "/vragen/",
    "/meldingen/beginselen/",
    "/meldingen/overzicht/",
    "/datalekken/",
    "/richtlijnen/archief/",
    "/richtlijnen/archief/oud-beleid/",
    "/beoordelen/",
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_main_pages_have_no_serious_violations(
    page: Page,
    live_server,
    viewport,
    user_factory,
    department,
    publish,
    csp_violations,
):
    page.set_viewport_size(VIEWPORTS[viewport])
    user = user_factory(
        email="mila@sterkhuis.test", department=department, is_superuser=True
    )
    first = publish(title="Richtlijnen social media")
    signature_create(user=user, version=first)
    publish(body="## Inleiding\n\nGebruik altijd je gezond verstand.\n")
    privacy_version = publish(slug="privacy", title="Privacy")
    privacy = privacy_version.guideline
    # The handbook: chapters, codes, a raakvlak and a withdrawn richtlijn.
    chapter = Chapter.objects.create(number=3, title="Privacy en informatie")
    Guideline.objects.filter(pk=privacy.pk).update(chapter=chapter, code="KH 3.1")
    privacy.related.add(first.guideline)
    old = publish(slug="oud-beleid", title="Oud beleid")
    signature_create(user=user, version=old)
    guideline_withdraw(guideline=old.guideline, user=user)
    # A concept waiting for approval (the superuser may decide on any).
    review = review_request(
        version=version_create_draft(guideline=privacy, user=None),
        user=user_factory(groups=[roles.BELEID], is_staff=True),
        group=Group.objects.get(name=roles.KWALITEIT),
    )
    signal = make_signal(user, title="Compliment op LinkedIn")
    breach = make_signal(
        user, kind="fout", url="", title="Foto geplaatst", possible_breach=True
    ).breach
    # A record with a history, as the privacy officer's page shows it.
    breach_update(breach=breach, actor=user, data={"description": "Foto online."})

    login(page, live_server.url, "mila@sterkhuis.test")
    problems = []
    for path in [
        *PAGES,
        signal.get_absolute_url(),
        breach.signal.get_absolute_url(),
        breach.get_absolute_url(),
        f"/beoordelen/{review.pk}/",
    ]:
        page.goto(live_server.url + path)
        problems += serious(page)
    # The decision form again with its error, as after returning without
    # a comment.
    page.get_by_label("Terugsturen naar de schrijver").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#comment-errors")).to_be_visible()
    problems += serious(page)
    assert problems == []
    assert csp_violations == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_login_page_has_no_serious_violations(
    page: Page, live_server, viewport, user_factory, csp_violations
):
    page.set_viewport_size(VIEWPORTS[viewport])
    user_factory(email="mila@sterkhuis.test")
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_label("E-mailadres")).to_be_visible()
    problems = serious(page)
    # The page again with an error message, as after a mistyped password.
    page.get_by_label("E-mailadres").fill("mila@sterkhuis.test")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("[role=alert]")).to_be_visible()
    problems += serious(page)
    assert problems == []
    assert csp_violations == []


def test_privacy_warning_is_accessible(
    page: Page, live_server, user_factory, department, csp_violations
):
    user_factory(email="mila@sterkhuis.test", department=department)
    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.get_by_text("Compliment", exact=True).click()
    page.get_by_label("Titel").fill("Mooi bericht")
    page.get_by_label("Toelichting").fill("Van moeder van cliënt, 06-12345678")
    page.get_by_label("Link").fill("https://www.linkedin.com/posts/1")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.locator("#privacy-warning")).to_be_visible()
    assert serious(page) == []
    assert csp_violations == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_error_summary_and_conversation_are_accessible(
    page: Page, live_server, viewport, user_factory, department, csp_violations
):
    page.set_viewport_size(VIEWPORTS[viewport])
    user = user_factory(email="mila@sterkhuis.test", department=department)
    pr = user_factory(groups=[roles.PR], is_staff=True)
    signal = make_signal(user, title="Kritiek op Instagram")
    signal_update(signal=signal, actor=pr, question="Wanneer zag je het?")

    login(page, live_server.url, "mila@sterkhuis.test")
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.locator("#error-summary")).to_be_focused()
    problems = serious(page)
    page.goto(live_server.url + signal.get_absolute_url())
    expect(page.locator("#reply-form")).to_be_visible()
    problems += serious(page)
    page.get_by_role("button", name="Reactie versturen").click()  # empty: refused
    expect(page.locator("#id_text_error")).to_be_visible()
    problems += serious(page)
    assert problems == []
    assert csp_violations == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_login_by_code_and_partner_pages_have_no_serious_violations(
    page: Page,
    live_server,
    viewport,
    partner,
    publish,
    csp_violations,
):

    page.set_viewport_size(VIEWPORTS[viewport])
    version = publish("partners-in-zorg", title="Afspraken voor partners in zorg")
    guideline = version.guideline
    guideline.audience_all, guideline.audience_partners = False, True
    guideline.save()  # its receiver recounts the figures
    page.goto(f"{live_server.url}/accounts/login/code/")
    problems = serious(page)
    page.get_by_label("E-mailadres").fill(partner.email)
    page.get_by_role("button", name="Stuur mij een code").click()
    expect(page.get_by_label("Code")).to_be_visible()
    problems += serious(page)
    # A wrong code: the page again with its error.
    page.get_by_label("Code").fill("FOUT")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".field-error")).to_be_visible()
    problems += serious(page)
    # The partner's own pages, with their contact person.
    from django.core import mail

    code = re.search(
        r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]+)?)\s*$", mail.outbox[-1].body, re.M
    )
    page.get_by_label("Code").fill(code[1])
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#contact-person")).to_be_visible()
    contact = partner.partnership.contact_person
    contact.phone = "030 123 45 67"
    contact.save()
    # With the error pages that point to the contact person (404, 403).
    for path in [
        "/",
        "/richtlijnen/",
        "/richtlijnen/partners-in-zorg/",
        "/bestaat-niet/",
        "/naleving/",
    ]:
        page.goto(live_server.url + path)
        problems += serious(page)
    assert problems == []
    assert csp_violations == []
