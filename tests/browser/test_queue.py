"""PR's queue on a 1,366-pixel laptop: every column fits, the due date in
view, the kind on one line; asking the reporter is one click; the answer
page shows the conversation. axe finds nothing serious on these pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from reporting.services import signal_reply, signal_update
from tests.browser.helpers import login, serious
from tests.reporting.factories import make_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Een lange titel over een bericht dat op veel plaatsen gedeeld werd "


def test_the_queue_fits_a_laptop(
    page: Page, live_server, user_factory, department, csp_violations
):
    base = live_server.url
    reporter = user_factory(email="mila@sterkhuis.test", department=department)
    pr = user_factory(
        email="priya@sterkhuis.test",
        first_name="Priya",
        last_name="van den Hoogenband-Ramdin",
        groups=[roles.PR],
        is_staff=True,
    )
    breached = make_signal(
        reporter, kind="fout", url="", title=LONG * 2, possible_breach=True
    )
    make_signal(reporter, kind="vraag", url="", title="Mag ik dit plaatsen?")
    asked = make_signal(reporter, title=LONG + "(kritiek)")
    signal_update(signal=asked, actor=pr, assignee=pr, question="Welke groep?")
    signal_reply(signal=asked, reporter=reporter, text="De oudergroep van Noord.")
    for n in range(5):
        make_signal(reporter, kind="nieuws", title=f"Nieuws {n}")

    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, base, "priya@sterkhuis.test")
    page.goto(f"{base}/admin/reporting/signal/")
    expect(page.locator("#result_list")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    changelist = page.locator("#changelist .results")
    assert changelist.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    expect(page.locator("#result_list th.column-due")).to_be_in_viewport()
    expect(page.locator("#result_list td.field-due").first).to_be_in_viewport()
    # Soort on one line: its cells are no taller than one line of text.
    for cell in page.locator("#result_list td.field-kind_short").all():
        height = cell.evaluate("el => el.firstElementChild.getClientRects().length")
        assert height == 1
    row = page.get_by_role("row").filter(has_text="(kritiek)")
    expect(row.locator(".reply-mark")).to_have_text("nieuwe reactie")
    problems = serious(page)
    # The breach record: its status in the queue, and on the change page
    # that it is the privacy officer's.
    expect(page.locator(".breach-record")).to_have_text(f"{breached.breach}: gemeld")
    page.goto(f"{base}/admin/reporting/signal/{breached.pk}/change/")
    expect(page.locator("#breach-record")).to_contain_text("status: gemeld")
    expect(page.locator("#breach-record-link")).to_have_count(0)
    problems += serious(page)

    page.goto(f"{base}/admin/reporting/signal/")
    page.get_by_role("link", name="aan mij toegewezen").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)

    page.goto(f"{base}/admin/reporting/signal/{asked.pk}/beantwoorden/")
    conversation = page.locator("#conversation")
    expect(conversation).to_contain_text("Welke groep?")
    expect(conversation).to_contain_text("De oudergroep van Noord.")
    problems += serious(page)

    other = make_signal(reporter, title="Nog een vraag nodig")
    page.goto(f"{base}/admin/reporting/signal/{other.pk}/change/")
    question = page.locator("textarea[name=question]")
    expect(question).to_be_hidden()
    page.get_by_role("link", name="Vraag stellen aan melder").click()
    expect(page.locator("select[name=status]")).to_have_value("wacht_op_melder")
    expect(question).to_be_visible()
    expect(question).to_be_focused()
    problems += serious(page)
    question.fill("Heb je een schermafbeelding?")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    other.refresh_from_db()
    assert other.status == "wacht_op_melder"
    assert problems == []
    assert csp_violations == []
