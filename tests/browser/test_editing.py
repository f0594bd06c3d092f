"""Beleid edits and publishes a richtlijn in the admin; staff read the redline
and sign, in a real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from policy.models import GuidelineVersion, VersionStatus
from policy.services import review_decide, review_request, signature_create
from tests.browser.helpers import login, logout, serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "## Grondbeginselen\n\n### 6. Geef nooit informatie over cliënten "
    "{#grondbeginsel-6}\n\nVermeld nooit namen van cliënten.\n\n"
    "*B.v.: een foto van een pleegkind.*\n"
)


def approved(guideline, *, by, reviewer) -> None:
    """The concept approved by `reviewer` as it is saved now (the review
    pages have their own journey)."""
    concept = guideline.versions.get(status=VersionStatus.CONCEPT)
    request = review_request(version=concept, user=by, reviewer=reviewer)
    review_decide(request=request, user=reviewer, decision="approve")


def open_concept(page: Page, base: str) -> None:
    page.goto(f"{base}/admin/policy/guideline/")
    page.get_by_role("link", name="Richtlijnen social media").click()
    page.locator("#new-draft-form button").click()
    expect(page.locator("textarea[name=body]")).to_be_visible()


def test_editor_publishes_what_is_on_screen_and_staff_sign_after_the_redline(
    page: Page, live_server, user_factory, department, publish, csp_violations
):
    base = live_server.url
    mila = user_factory(email="mila@sterkhuis.test", department=department)
    bo = user_factory(email="bo@sterkhuis.test", groups=[roles.BELEID], is_staff=True)
    first = publish(body=TEXT, title="Richtlijnen social media")

    def reviewer_factory():
        # Made when needed, so the people counted on the publish page are
        # Mila and Bo.
        return user_factory(groups=[roles.KWALITEIT], is_staff=True)

    signature_create(user=mila, version=first)

    login(page, base, "bo@sterkhuis.test")
    expect(page.locator("#editor-agenda")).to_be_visible()
    assert serious(page) == []

    # An edit, then "Publiceren" without saving first: the edit is published.
    open_concept(page, base)
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value().replace("namen van", "namen of foto's van"))
    page.locator("#publish-link").click()
    expect(page.locator("#publish-form")).to_be_visible()
    expect(page.locator("#diff ins")).to_contain_text(["foto"])
    # Mila and Bo must sign; Mila signed version 1.
    expect(page.locator("#publish-effect")).to_contain_text("Inhoudelijk: 2 mensen")
    expect(page.locator("#publish-effect")).to_contain_text("Klein: 1 persoon houdt")
    page.get_by_label("Samenvatting van de wijziging").fill("Ook foto's genoemd")
    page.get_by_label(re.compile("Inhoudelijk")).check()
    # Four eyes: refused until someone else approved the saved text.
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator("#approval-missing")).to_contain_text("nog niet goedgekeurd")
    assert first.guideline.version_in_force() == first
    approved(first.guideline, by=bo, reviewer=reviewer_factory())
    page.goto(page.url)
    page.get_by_label("Samenvatting van de wijziging").fill("Ook foto's genoemd")
    page.get_by_label(re.compile("Inhoudelijk")).check()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text(re.compile("Versie 2 is gepubliceerd"))).to_be_visible()
    assert "foto's van" in first.guideline.version_in_force().body

    # An unchanged text is refused, as material and as minor.
    open_concept(page, base)
    page.locator("#publish-link").click()
    expect(page.locator("#no-change")).to_be_visible()
    page.get_by_label("Samenvatting van de wijziging").fill("Niets veranderd")
    page.get_by_label(re.compile("Klein")).check()
    page.get_by_role("button", name="Publiceren").click()
    expect(
        page.get_by_text(re.compile("De tekst is dezelfde als die van versie 2"))
    ).to_be_visible()
    assert not GuidelineVersion.objects.filter(number=3).exists()

    # A real change, through "Opslaan en publiceren".
    page.get_by_role("link", name="Annuleren").click()
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value().replace("Vermeld nooit", "Noem nooit"))
    page.get_by_role("button", name="Opslaan en publiceren").click()
    expect(page.locator("#approval-missing")).to_be_visible()
    approved(first.guideline, by=bo, reviewer=reviewer_factory())
    page.goto(page.url)
    page.get_by_label("Samenvatting van de wijziging").fill("Korter gezegd")
    page.get_by_label(re.compile("Inhoudelijk")).check()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text(re.compile("Versie 3 is gepubliceerd"))).to_be_visible()
    assert not GuidelineVersion.objects.filter(status=VersionStatus.CONCEPT).exists()
    page.goto(f"{base}/")
    logout(page)

    # The employee reads the redline, goes back and signs.
    login(page, base, "mila@sterkhuis.test")
    page.get_by_role("link", name=re.compile("veranderd is sinds versie 1")).click()
    diff = page.locator("#diff")
    expect(diff.locator("ins").first).to_be_visible()
    expect(diff).not_to_contain_text("{#")
    expect(diff).not_to_contain_text("###")
    expect(diff.locator("em")).to_contain_text(["B.v.: een foto van een pleegkind."])
    expect(page.locator("#redline-legend")).to_be_visible()
    page.locator("#still-to-sign a").click()
    page.get_by_label("Ik heb deze richtlijn gelezen en begrepen").check()
    page.get_by_role("button", name=re.compile("Teken versie 3")).click()
    expect(page.locator("#signed")).to_contain_text("versie 3")

    assert csp_violations == []
