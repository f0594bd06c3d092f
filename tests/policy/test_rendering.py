from __future__ import annotations

from policy.diff import compare
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


def test_compare_marks_changed_words_within_a_line():
    lines = compare(
        "Vermeld nooit namen van cliënten.\nGelijk.\n",
        "Vermeld nooit namen of foto's van cliënten.\nGelijk.\n",
    )
    changed = [line for line in lines if line.kind == "changed"]
    assert len(changed) == 1
    assert "<ins>" in changed[0].html and "foto" in changed[0].html
    assert "Vermeld nooit namen" in changed[0].html
    assert [line.kind for line in lines][-1] == "equal"


def test_compare_shows_added_and_removed_lines_escaped():
    lines = compare("Oud.\n", "Oud.\n\n<script>alert(1)</script>\n")
    added = [line for line in lines if line.kind == "added"]
    assert any("&lt;script&gt;" in line.html for line in added)
    assert all("<script>" not in line.html for line in lines)
    removed = compare("Weg ermee.\nBlijft.\n", "Blijft.\n")
    assert [line.kind for line in removed] == ["removed", "equal"]


def test_compare_folds_long_unchanged_runs():
    old = "\n".join(f"regel {i}" for i in range(40))
    new = old.replace("regel 20", "regel twintig")
    lines = compare(old, new, context=3)
    assert any(line.kind == "skipped" for line in lines)
    assert len(lines) < 15
