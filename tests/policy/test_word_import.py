"""Word in, richtlijn out: a .docx read into a concept, by the command and
by the concept's "Word-bestand inlezen" page, with what was left out."""

from __future__ import annotations

import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from policy.approval import Decision, ReviewDecision
from policy.models import Guideline, GuidelineVersion, VersionStatus
from policy.services import version_create_draft
from policy.word import (
    MAX_WORD_BYTES,
    WordFileError,
    html_to_markdown,
    word_to_markdown,
)
from tests.policy.word_files import (
    as_macro_document,
    encrypted_document,
    richtlijn_docx,
    with_tracked_changes,
)

pytestmark = pytest.mark.django_db


def test_headings_lists_tables_bold_and_links_come_along():
    word = word_to_markdown(richtlijn_docx(), "richtlijn.docx")
    text = word.markdown
    assert "## Grondbeginselen\n" in text
    assert "### 1. Gebruik je gezond verstand\n" in text
    assert "Plaats **nooit** iets over cliënten." in text
    assert "[de privacyverklaring](https://www.sterkhuis.nl/privacy)" in text
    assert "- Twijfel je? Vraag het PR.\n- Liever niet dan verkeerd." in text
    assert "| Wat | Aan wie |\n| --- | --- |\n| Kritiek | PR en communicatie |" in text
    assert word.dropped == []


def test_the_markdown_renders_as_the_word_document_read(publish):
    text = word_to_markdown(richtlijn_docx(), "richtlijn.docx").markdown
    version = publish(body=text)
    html = version.body_html
    assert '<h2 id="grondbeginselen">Grondbeginselen</h2>' in html
    assert "<strong>nooit</strong>" in html
    assert '<a href="https://www.sterkhuis.nl/privacy"' in html
    assert "<table>" in html and "<th>Wat</th>" in html
    assert html.count("<li>") == 2


def test_what_was_left_out_is_listed():
    data = with_tracked_changes(richtlijn_docx(image=True, comment=True))
    word = word_to_markdown(data, "richtlijn.docx")
    dropped = " ".join(word.dropped)
    assert "1 afbeelding is weggelaten" in dropped
    assert "1 opmerking is weggelaten" in dropped
    assert "2 bijgehouden wijzigingen" in dropped
    assert "Vast ingevoegd" in word.markdown
    assert "geschrapt" not in word.markdown
    assert "Klopt dit?" not in word.markdown  # the comment's text
    assert "data:image" not in word.markdown


def test_markdown_characters_in_the_text_stay_text():
    text = html_to_markdown(
        "<p>Gebruik *geen* [haken] of <code>x</code> | 1. niet</p><p>- los</p>"
        "<h1>Kop {#anker}</h1><p><a href='javascript:alert(1)'>klik</a></p>"
    )
    assert "\\*geen\\*" in text and "\\[haken\\]" in text
    assert "\\- los" in text
    assert "## Kop \\{#anker\\}" in text
    assert "javascript" not in text and "klik" in text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7 ...", "richtlijn.pdf", "geen Word-bestand (.docx)"),
        (
            b"gewoon tekst",
            "richtlijn.docx",
            "geen Word-bestand (.docx) of is beschadigd",
        ),
        (None, "richtlijn.docm", "bevat macro's"),
        ("macro", "richtlijn.docx", "bevat macro's"),
        (encrypted_document(), "richtlijn.docx", "met een wachtwoord beveiligd"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud.docx", "oud Word"),
        (b"PK" + b"\x00" * MAX_WORD_BYTES, "groot.docx", "te groot"),
    ],
)
def test_bad_files_are_refused_in_dutch(data, name, message):
    if data is None:
        data = richtlijn_docx()
    elif data == "macro":
        data = as_macro_document(richtlijn_docx())
    with pytest.raises(WordFileError, match=re.escape(message)):
        word_to_markdown(data, name)


# --- The command ------------------------------------------------------------------


def test_import_guideline_takes_a_docx_and_publishes_it(tmp_path, kwaliteit):
    path = tmp_path / "privacy.docx"
    path.write_bytes(with_tracked_changes(richtlijn_docx(image=True)))
    out = StringIO()
    call_command(
        "import_guideline",
        path,
        slug="privacy",
        title="Privacy",
        publish=True,
        approved_by=kwaliteit.email,
        stdout=out,
    )
    version = GuidelineVersion.objects.get(guideline__slug="privacy")
    assert version.status == VersionStatus.PUBLISHED
    assert '<h2 id="grondbeginselen">' in version.body_html
    assert '<h3 id="1-gebruik-je-gezond-verstand">' in version.body_html
    assert "1 afbeelding is weggelaten" in out.getvalue()
    approval = ReviewDecision.objects.get(version=version)
    assert approval.decision == Decision.APPROVE and approval.decided_by == kwaliteit

    again = StringIO()
    call_command("import_guideline", path, slug="privacy", publish=True, stdout=again)
    assert "already up to date" in again.getvalue()
    assert GuidelineVersion.objects.filter(guideline__slug="privacy").count() == 1


def test_import_guideline_without_a_reviewer_says_so_on_the_version(tmp_path):
    path = tmp_path / "klachten.docx"
    path.write_bytes(richtlijn_docx())
    call_command(
        "import_guideline",
        path,
        slug="klachten",
        title="Klachten",
        publish=True,
        stdout=StringIO(),
    )
    version = GuidelineVersion.objects.get(guideline__slug="klachten")
    assert ReviewDecision.objects.get(version=version).decision == Decision.WAIVED


def test_import_guideline_refuses_a_bad_file_and_stores_nothing(tmp_path):
    path = tmp_path / "richtlijn.docm"
    path.write_bytes(as_macro_document(richtlijn_docx()))
    with pytest.raises(CommandError, match="bevat macro's"):
        call_command("import_guideline", path, slug="x", title="X", stdout=StringIO())
    assert not Guideline.objects.filter(slug="x").exists()


# --- The concept's page -------------------------------------------------------------


@pytest.fixture
def concept(publish, beleid):
    first = publish(body="## Oud\n\nDe oude tekst.\n")
    return version_create_draft(guideline=first.guideline, user=beleid)


def _url(concept) -> str:
    return reverse("admin:policy_guidelineversion_word_import", args=[concept.pk])


def _upload(data: bytes, name: str = "nieuw.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_word_upload_replaces_the_text_after_a_preview(
    beleid_client, beleid, concept, approve
):
    change = reverse("admin:policy_guidelineversion_change", args=[concept.pk])
    assert "Word-bestand inlezen" in beleid_client.get(change).text
    approve(concept)
    preview = beleid_client.post(
        _url(concept), {"word_file": _upload(richtlijn_docx(comment=True))}
    )
    assert preview.status_code == HTTPStatus.OK
    assert 'id="word-preview"' in preview.text
    assert "1 opmerking is weggelaten" in preview.text
    assert 'id="word-voids-approval"' in preview.text
    assert "<strong>nooit</strong>" in preview.text
    concept.refresh_from_db()
    assert "De oude tekst." in concept.body  # nothing replaced yet

    markdown = word_to_markdown(richtlijn_docx(comment=True), "x.docx").markdown
    base = preview.text.split('name="base_sha256" value="')[1].split('"')[0]
    done = beleid_client.post(
        _url(concept), {"confirm": "1", "markdown": markdown, "base_sha256": base}
    )
    assert done.status_code == HTTPStatus.FOUND
    concept.refresh_from_db()
    assert concept.body.startswith("## Grondbeginselen")
    assert LogEntry.objects.filter(object_id=str(concept.pk), user=beleid).exists()
    page = beleid_client.get(change).text
    assert "is vervallen" in page  # the approval of the old text


def test_a_concept_changed_since_the_preview_is_not_replaced(beleid_client, concept):
    preview = beleid_client.post(
        _url(concept), {"word_file": _upload(richtlijn_docx())}
    )
    base = preview.text.split('name="base_sha256" value="')[1].split('"')[0]
    concept.body += "\nDoor een collega.\n"
    concept.save()
    response = beleid_client.post(
        _url(concept),
        {"confirm": "1", "markdown": "## Nieuw\n\nTekst.\n", "base_sha256": base},
        follow=True,
    )
    assert "gewijzigd sinds het voorbeeld" in response.text
    concept.refresh_from_db()
    assert "Door een collega." in concept.body


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"platte tekst", "notities.txt", "geen Word-bestand"),
        (encrypted_document(), "geheim.docx", "met een wachtwoord beveiligd"),
        (b"PK" + b"\x00" * MAX_WORD_BYTES, "groot.docx", "te groot"),
    ],
)
def test_a_bad_upload_is_refused_and_changes_nothing(
    beleid_client, concept, data, name, message
):
    response = beleid_client.post(_url(concept), {"word_file": _upload(data, name)})
    assert response.status_code == HTTPStatus.OK
    assert 'id="word-error"' in response.text
    assert message in response.text
    concept.refresh_from_db()
    assert concept.body == "## Oud\n\nDe oude tekst.\n"


def test_nested_lists_and_paragraphs_in_an_item_keep_their_shape():
    text = html_to_markdown(
        "<ul><li>Een<ul><li>Een a</li></ul></li><li>Twee</li></ul>"
        "<ol><li><p>Stap</p><p>Uitleg</p></li></ol>"
    )
    assert "- Een\n    - Een a\n- Twee" in text
    assert "1. Stap\n\n    Uitleg" in text
