"""A redline of two versions as staff read them: the rendered text, not its
Markdown, with added words in <ins>, removed words in <del> and long unchanged
stretches folded away."""

from __future__ import annotations

import functools

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from lxml import etree
from lxml.html import Element, fragment_fromstring, tostring
from lxml.html.diff import htmldiff

from policy.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

MARKS = {"ins", "del"}
# What a redline may contain: the document's own tags, without ids (old and
# new headings would share them, and anchors belong to the document page).
REDLINE_TAGS = ALLOWED_TAGS | {"details", "summary"}
REDLINE_ATTRIBUTES = {
    **{tag: attrs - {"id"} for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    "details": {"class"},
    "summary": {"class"},
}


def _is_changed(block) -> bool:
    if block.tag in MARKS:
        return bool((block.text_content() or "").strip())
    return any((mark.text_content() or "").strip() for mark in block.iter(*MARKS))


def _fold(blocks: list) -> Element:
    folded = Element("details", {"class": "redline-fold"})
    summary = etree.SubElement(folded, "summary")
    summary.text = ngettext(
        "… %(n)d ongewijzigd onderdeel …",
        "… %(n)d ongewijzigde onderdelen …",
        len(blocks),
    ) % {"n": len(blocks)}
    folded.extend(blocks)
    return folded


def redline(old_html: str, new_html: str, *, context: int = 1) -> SafeString:
    """Compare two rendered (already sanitised) versions word by word (see
    `_redline`)."""
    return _redline(old_html or "", new_html or "", context, get_language())


# A redline depends on nothing but its two texts and the language of its
# folds, and published texts never change, so each worker keeps the last few
# it drew: the compare page then costs a lookup instead of a word-by-word
# diff of two whole richtlijnen.
@functools.lru_cache(maxsize=64)
def _redline(
    old_html: str, new_html: str, context: int, language: str | None
) -> SafeString:
    """The redline of two rendered versions in `language`.

    The result is sanitised again: the diff engine reassembles markup, and
    nothing it produces reaches a page unchecked. Runs of unchanged blocks
    (headings, paragraphs, lists) longer than `2 * context + 1` fold into a
    <details> element that the reader can open. Empty when the texts are
    the same.
    """
    marked = htmldiff(old_html or "", new_html or "")
    root = fragment_fromstring(marked, create_parent="div")
    blocks = [child for child in root if not _is_whitespace_mark(child)]
    changed = [_is_changed(block) for block in blocks]
    if not any(changed):
        return mark_safe("")
    out = Element("div")
    run: list = []

    def flush(*, at_start: bool, at_end: bool) -> None:
        head = [] if at_start else run[:context]
        tail = [] if at_end else run[len(run) - context :] if context else []
        middle = run[len(head) : len(run) - len(tail)]
        if len(middle) > 1:
            out.extend(head)
            out.append(_fold(middle))
            out.extend(tail)
        else:
            out.extend(run)
        run.clear()

    seen_change = False
    for block, is_changed in zip(blocks, changed, strict=True):
        block.tail = None
        if is_changed:
            flush(at_start=not seen_change, at_end=False)
            out.append(block)
            seen_change = True
        else:
            run.append(block)
    flush(at_start=False, at_end=True)
    html = "".join(tostring(child, encoding="unicode") for child in out)
    return mark_safe(  # sanitised by nh3 here
        nh3.clean(
            html,
            tags=REDLINE_TAGS,
            attributes=REDLINE_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            clean_content_tags={"script", "style"},
        )
    )


def _is_whitespace_mark(element) -> bool:
    return element.tag in MARKS and not (element.text_content() or "").strip()
