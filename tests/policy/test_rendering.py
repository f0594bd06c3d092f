from __future__ import annotations

from django.utils import translation

from policy.diff import redline
from policy.rendering import render_markdown, text_sha256


def test_script_event_handlers_and_javascript_links_are_removed():
    html = render_markdown(
        "## Kop\n\n<script>alert('x')</script>\n\n"
        '<p onclick="steal()">tekst</p>\n\n'
        "[klik](javascript:alert(1)) en [goed](https://www.sterkhuis.nl)\n\n"
        '<img src="x" onerror="steal()">\n\n<style>body{}</style>\n'
    ).html
    assert "<script" not in html and "alert('x')" not in html
    assert "onclick" not in html and "onerror" not in html
    assert "javascript:" not in html
    assert "<img" not in html and "<style" not in html
    assert 'href="https://www.sterkhuis.nl"' in html
    assert 'rel="noopener noreferrer"' in html


def test_headings_get_anchors_and_a_table_of_contents():
    rendered = render_markdown(
        "## Grondbeginselen\n\n### 6. Geef nooit informatie over cliënten "
        "{#grondbeginsel-6}\n\nTekst.\n\n## Do's\n"
    )
    assert '<h2 id="grondbeginselen">' in rendered.html
    assert 'id="grondbeginsel-6"' in rendered.html
    assert 'href="#grondbeginsel-6"' in rendered.toc_html
    assert 'href="#grondbeginselen"' in rendered.toc_html


def test_hash_ignores_line_endings_but_not_words():
    assert text_sha256("a\r\nb\r\n") == text_sha256("a\nb")
    assert text_sha256("a\nb") != text_sha256("a\nc")


def _redline(old: str, new: str) -> str:
    return str(redline(render_markdown(old).html, render_markdown(new).html))


def test_redline_marks_changed_words_in_the_rendered_text():
    html = _redline(
        "## Privacy\n\nVermeld nooit namen van *cliënten*.\n\n- Eén\n- Twee\n",
        "## Privacy {#privacy}\n\nVermeld nooit namen of foto's van *cliënten*.\n\n"
        "- Eén\n- Twee\n",
    )
    assert "<ins>" in html and "foto" in html
    assert "Vermeld nooit namen" in html
    assert "<em>cliënten</em>" in html  # rendered, not Markdown
    for markup in ("##", "{#", "*cli", "- Eén"):
        assert markup not in html
    assert "id=" not in html


def test_redline_of_equal_texts_is_empty():
    assert _redline("Zelfde.\n", "Zelfde.\n") == ""


def test_redline_keeps_script_and_event_handlers_out():
    html = _redline(
        "Oud.\n",
        'Oud.\n\nNieuw <script>alert(1)</script> <b onclick="x()">vet</b> '
        "[klik](javascript:alert(2)).\n",
    )
    assert "<ins>" in html
    for bad in ("<script", "alert(1)", "onclick", "javascript:"):
        assert bad not in html
    # The diff engine reassembles markup: even raw input is cleaned.
    raw = str(redline("<p>a</p>", '<p>a <img src=x onerror="alert(3)"> b</p>'))
    assert "onerror" not in raw and "<img" not in raw


def test_redline_folds_long_unchanged_stretches():
    old = "\n\n".join(f"Alinea {i}." for i in range(40))
    new = old.replace("Alinea 20.", "Alinea twintig.")
    html = _redline(old, new)
    assert html.count('class="redline-fold"') == 2
    assert "ongewijzigde onderdelen" in html
    assert "Alinea 19." in html.split("<details")[2] or "Alinea 19." in html
    # The changed paragraph and its neighbours stay in view.
    visible = html.split("</details>")[1].split("<details")[0]
    assert "Alinea 19." in visible and "Alinea 21." in visible
    assert "twintig" in visible


def test_a_remembered_redline_still_speaks_the_readers_language():
    old = "".join(f"<p>Alinea {i}.</p>" for i in range(8))
    new = old.replace("Alinea 6.", "Alinea zes.")
    with translation.override("nl"):
        dutch = redline(old, new)
    with translation.override("en"):
        english = redline(old, new)
    with translation.override("nl"):
        assert redline(old, new) == dutch
    assert "ongewijzigde onderdelen" in dutch
    assert "unchanged parts" in english and "ongewijzigde" not in english
