"""Beleid watches a department go from 50 % to 100 % signed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from accounts.models import Department
from policy.services import signature_create
from tests.browser.helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_department_bar_moves_to_full_when_the_last_one_signs(
    page: Page, live_server, user_factory, publish, csp_violations
):
    base = live_server.url
    roles.ensure_groups()
    team = Department.objects.create(name="Gezinshuizen Zwolle")
    done = user_factory(email="done@sterkhuis.test", department=team)
    user_factory(email="late@sterkhuis.test", department=team)
    user_factory(
        email="bo@sterkhuis.test",
        groups=[roles.BELEID],
        is_staff=True,
        department=Department.objects.create(name="Staf"),
    )
    version = publish(title="Richtlijnen social media")
    guideline = version.guideline
    guideline.audience_all = False
    guideline.save()
    guideline.departments.set([team])
    signature_create(user=done, version=version)

    login(page, base, "bo@sterkhuis.test")
    page.get_by_role("link", name="Naleving").click()
    row = page.locator('tr[data-department="Gezinshuizen Zwolle"]')
    expect(row).to_contain_text("1 / 2")
    expect(row).to_contain_text("50%")
    expect(row.locator("rect.bar-fill")).to_have_attribute("width", "50")
    page.locator("#guidelines").get_by_role(
        "link", name="Richtlijnen social media"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Richtlijnen social media"
    )
    row = page.locator('tr[data-department="Gezinshuizen Zwolle"]')
    expect(row.locator("rect.bar-fill")).to_have_attribute("width", "50")
    row.get_by_role("link", name="Gezinshuizen Zwolle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezinshuizen Zwolle")
    logout(page)

    login(page, base, "late@sterkhuis.test")
    page.get_by_role("link", name="Richtlijnen social media").click()
    page.get_by_label("Ik heb deze richtlijn gelezen en begrepen").check()
    page.get_by_role("button", name=re.compile("Teken versie 1")).click()
    expect(page.locator("#signed")).to_be_visible()
    logout(page)

    login(page, base, "bo@sterkhuis.test")
    for path in ("/naleving/", "/naleving/social-media/"):
        page.goto(f"{base}{path}")
        row = page.locator('tr[data-department="Gezinshuizen Zwolle"]')
        expect(row).to_contain_text("2 / 2")
        expect(row.locator("rect.bar-fill")).to_have_attribute("width", "100")
    assert csp_violations == []
