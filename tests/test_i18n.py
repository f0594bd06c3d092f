"""The English translation of the interface.

The portal speaks Dutch; English is a choice made in the footer (the language
cookie), never the browser's Accept-Language. The richtlijnen's own texts stay
Dutch. The .po file must translate every string of the interface: after adding
one, run `make translations` and fill in the new entries.
"""

from __future__ import annotations

import ast
import re
import shutil
import uuid
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts import roles
from reporting.models import Priority, Status
from reporting.services import signal_update
from tests.reporting.factories import make_signal

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What `make translations` leaves out of makemessages (keep the two in step).
NOT_SCANNED = [
    ".*",
    "__pycache__",
    "locale",
    "media",
    "node_modules",
    "scripts",
    "staticfiles",
    "test-results",
    "tests",
    "*.sqlite3",
]
DUTCH_NAVIGATION = ["Start", "Richtlijnen", "Meldingen", "Naleving", "Uitloggen"]
BODY = "## Inleiding\n\nGebruik je gezond verstand.\n"


# --- The .po file -------------------------------------------------------------


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and the msgstrs.

    Enough of the format for makemessages' output; obsolete (#~) entries,
    which are not compiled, are skipped.
    """
    entries: list[dict] = []
    entry: dict | None = None
    key = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry = None
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                entry = entry or _new_entry()
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        entry = entry or _new_entry()
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (.*)$", line)
        if match:
            key, value = match.group(1), match.group(2)
            entry["strings"][key] = ""
        else:
            value = line
        entry["strings"][key] += ast.literal_eval(value)
    return entries


def _new_entry() -> dict:
    return {"flags": set(), "strings": {}}


def problems_in(path: Path) -> list[str]:
    """Entries that would show Dutch (or break) in the English interface."""
    problems = []
    for entry in po_entries(path):
        strings = entry["strings"]
        msgid = strings.get("msgid", "")
        if not msgid:
            continue  # the header
        source = strings.get("msgid_plural", msgid)
        translations = [v for k, v in strings.items() if k.startswith("msgstr")]
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {msgid!r}")
        elif not translations or not all(translations):
            problems.append(f"untranslated: {msgid!r}")
        elif any(placeholders(t) != placeholders(source) for t in translations):
            problems.append(f"placeholders differ: {msgid!r}")
    return problems


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text))


def test_the_parser_sees_untranslated_and_fuzzy_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "Tekenen"\nmsgstr "Sign"\n\n'
        'msgid "Nieuw"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Oud"\nmsgstr "Old"\n\n'
        'msgid "%(n)s dag"\nmsgid_plural "%(n)s dagen"\n'
        'msgstr[0] "%(n)s day"\nmsgstr[1] ""\n\n'
        'msgid "Versie %(number)s"\nmsgstr "Version"\n\n'
        '#~ msgid "Weg"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert problems_in(po) == [
        "untranslated: 'Nieuw'",
        "fuzzy: 'Oud'",
        "untranslated: '%(n)s dag'",
        "placeholders differ: 'Versie %(number)s'",
    ]


def test_the_po_file_translates_every_entry():
    assert PO.exists(), "run `make translations`"
    entries = po_entries(PO)
    assert len(entries) > 300
    assert problems_in(PO) == []


def test_every_string_in_the_code_is_in_the_po_file(settings, tmp_path, monkeypatch):
    """makemessages over a copy of the sources finds nothing new to translate.

    A copy, because makemessages writes into the locale folder beside the
    files it scans. Fails when a new `_()` or `{% translate %}` string has no
    English yet: run `make translations` and translate it.
    """
    copy = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SCANNED)
    )
    target = copy / "locale" / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(PO, target / "django.po")
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    assert problems_in(target / "django.po") == [], (
        "run `make translations` and translate the new entries in "
        "locale/en/LC_MESSAGES/django.po"
    )


# --- Pages --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _compiled_catalogue(request):
    if "client" not in request.fixturenames:
        return
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime, (
        "the English catalogue is not compiled: run `make messages`"
    )


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def navigation(html: str) -> list[str]:
    """The labels of the main menu and the log-out button."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    account = re.search(r'<div class="account">.*?</div>', html, re.S)
    assert nav and account, "no navigation on the page"
    labels = re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(0))
    labels += re.findall(r"<button [^>]*>([^<]+)</button>", account.group(0))
    return [label.strip() for label in labels]


@pytest.mark.django_db
def test_the_pages_speak_english_after_choosing_it(
    english, medewerker, publish, django_assert_max_num_queries
):
    publish(body=BODY, title="Richtlijnen social media")
    english.force_login(medewerker)

    home = english.get("/")
    assert home.status_code == HTTPStatus.OK
    assert '<html lang="en">' in home.text
    assert navigation(home.text) == [
        "Home",
        "Guidelines",
        "Reports",
        "Questions",
        "Log out",
    ]
    assert "Still to sign" in home.text
    assert "My reports" in home.text and "Submit a report" in home.text
    assert "Language" in home.text

    listing = english.get("/richtlijnen/").text
    assert "to sign" in listing and "Version 1, in force from" in listing
    assert not set(navigation(listing)) & set(DUTCH_NAVIGATION)

    detail = english.get("/richtlijnen/social-media/").text
    assert 'id="sign-form"' in detail
    assert "I have read and understood this guideline" in detail
    assert "Sign version 1" in detail
    assert "Version history" in detail
    # The richtlijn itself is the organisation's Dutch document.
    assert "Gebruik je gezond verstand." in detail
    assert "Richtlijnen social media" in detail

    form = english.get("/meldingen/nieuw/").text
    assert 'id="signal-form"' in form and 'value="kritiek"' in form
    assert "Criticism" in form and "Question: may I post this?" in form
    assert "Screenshots or PDF" in form and "Send report" in form
    assert "Melding versturen" not in form


@pytest.mark.django_db
def test_the_login_page_speaks_english(english):
    page = english.get("/accounts/login/")
    assert page.status_code == HTTPStatus.OK
    assert "Log in with your Sterk Huis email address and your password." in page.text
    assert "Email address" in page.text and "Forgotten your password?" in page.text
    assert "Inloggen" not in page.text and "Wachtwoord" not in page.text


@pytest.mark.django_db
def test_choosing_english_in_the_footer_form(client, medewerker):
    client.force_login(medewerker)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/richtlijnen/"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/richtlijnen/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/richtlijnen/")
    assert page["Content-Language"] == "en"
    assert "<h1>Guidelines</h1>" in page.text

    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "<h1>Richtlijnen</h1>" in client.get("/richtlijnen/").text


@pytest.mark.django_db
def test_the_browser_language_does_not_switch_to_english(client, medewerker, publish):
    publish(body=BODY)
    client.force_login(medewerker)
    for url in ["/", "/richtlijnen/", "/richtlijnen/social-media/"]:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        assert '<html lang="nl">' in page.text, url
        assert navigation(page.text) == [
            "Start",
            "Richtlijnen",
            "Meldingen",
            "Vragen",
            "Uitloggen",
        ]
    client.logout()
    login = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Inloggen" in login.text and "Forgotten your password?" not in login.text


@pytest.mark.django_db
def test_the_privacy_warning_in_english(english, medewerker):
    english.force_login(medewerker)
    page = english.post(
        "/meldingen/nieuw/",
        {
            "kind": "kritiek",
            "title": "Reactie over een pleegkind",
            "description": "Het BSN 111222333 staat in de reactie.",
            "url": "https://www.facebook.com/sterkhuis/posts/1",
            "platform": "facebook",
            "seen_on": "",
            "submission_key": str(uuid.uuid4()),
            "pending": "",
        },
    )
    assert page.status_code == HTTPStatus.OK
    assert 'id="privacy-warning"' in page.text
    assert "Does this contain client data?" in page.text
    assert "Never mention the names of clients." in page.text
    assert "citizen service number (BSN)" in page.text


# --- E-mail -------------------------------------------------------------------


@pytest.mark.django_db
def test_mail_stays_dutch_when_the_sender_reads_english(
    english, medewerker, user_factory, django_capture_on_commit_callbacks
):
    pr = user_factory(groups=[roles.PR], is_staff=True)
    english.force_login(pr)
    signal = make_signal(medewerker, title="Reactie op Instagram")
    signal_update(signal=signal, actor=pr, status=Status.IN_PROGRESS)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            reverse("admin:reporting_signal_change", args=[signal.pk]),
            {
                "status": Status.HANDLED,
                "priority": Priority.NORMAL,
                "assignee": pr.pk,
                "answer": "We hebben gereageerd.",
                "closing_reason": "",
                "note": "",
                "notes-TOTAL_FORMS": "0",
                "notes-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == HTTPStatus.FOUND
    [message] = mail.outbox
    assert message.to == [medewerker.email]
    assert "Je melding is afgesloten: Reactie op Instagram" in message.subject
    assert "heeft op je melding" in message.body
    assert "afgehandeld" in message.body and "resolved" not in message.body


@pytest.mark.django_db
def test_questions_search_and_the_sign_questions_in_english(
    english, medewerker, beleid, publish
):
    publish(
        body="## Inleiding {#inleiding}\n\nGebruik je gezond verstand.\n",
        title="Richtlijnen social media",
        questions=[
            {
                "situation": "Je twijfelt.",
                "option_1": "Plaatsen.",
                "option_2": "Niet plaatsen.",
                "correct": 2,
                "explanation": "Bij twijfel niet.",
                "principle": "inleiding",
            }
        ],
    )
    english.force_login(medewerker)
    assert "Search the guidelines" in english.get("/zoeken/").text
    assert "Type a word or a short question" in english.get("/zoeken/").text
    assert "1 result" in english.get("/zoeken/", {"q": "verstand"}).text or (
        "One result" in english.get("/zoeken/", {"q": "verstand"}).text
    )
    assert "May I post this?" in english.get("/vragen/").text
    detail = english.get("/richtlijnen/social-media/")
    assert "First answer these questions from practice" in detail.text
    assert "Question 1" in detail.text
    english.force_login(beleid)
    assert "Reports by principle" in english.get("/meldingen/beginselen/").text


@pytest.mark.django_db
def test_the_datalekregister_speaks_english(english, user_factory, medewerker):
    from accounts import roles
    from tests.reporting.factories import make_signal

    breach = make_signal(medewerker, kind="fout", url="", possible_breach=True).breach
    officer = user_factory(groups=[roles.PRIVACY])
    english.force_login(officer)
    register = english.get("/datalekken/").text
    assert "Data breach register" in register and "Data breaches" in register
    assert "hours left" in register and "Datalekregister" not in register
    detail = english.get(breach.get_absolute_url()).text
    assert (
        "The 72-hour deadline" in detail and "Decision on notifying the DPA" in detail
    )
    assert "Opslaan" not in detail

    english.force_login(medewerker)
    form = english.get("/meldingen/nieuw/").text
    assert "This may have shared personal data of clients or staff" in form
    assert "Mistake: I posted something myself that I should not have" in form
    assert "Tell your manager." in form
    mine = english.get(breach.signal.get_absolute_url()).text
    assert "Passed to the privacy officer" in mine
