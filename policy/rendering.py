"""Markdown to sanitised HTML, done once when a version is published."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from django.utils.text import slugify

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p",
    "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {
    **{tag: {"id"} for tag in HEADINGS},
    "a": {"href", "title"},
    "abbr": {"title"},
    "div": {"class"},
    "th": {"align"},
    "td": {"align"},
}


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str


def normalise_text(text: str) -> str:
    """One spelling of a text, whatever the browser or editor sent (CRLF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def text_sha256(text: str) -> str:
    """The SHA-256 of a text as signed.

    Normalised first, so the same text sent with CRLF line endings from a
    browser textarea has the same hash as the file it was imported from.
    """
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _slugify(value: str, separator: str) -> str:
    # ASCII ids ("clienten" for "cliënten") survive copying a link into mail.
    ascii_value = (
        unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    )
    return slugify(ascii_value).replace("-", separator) or "sectie"


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
    )


def render_markdown(text: str) -> Rendered:
    """Render Markdown to sanitised HTML with an anchor per heading and a
    table of contents.

    Raw HTML in the Markdown is allowed through Markdown but then cleaned by
    nh3: scripts, event handlers, `javascript:` links and images are removed.
    """
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": _slugify, "toc_depth": "2-3"}},
        output_format="html",
    )
    html = md.convert(normalise_text(text))
    return Rendered(html=_clean(html), toc_html=_clean(md.toc))


@dataclass(frozen=True)
class SectionText:
    """One heading of a rendered version and the plain text under it, up to
    the next heading."""

    anchor: str
    title: str
    level: int
    text: str


class _SectionSplitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[dict] = []
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if tag in HEADINGS and anchor:
            self.sections.append(
                {"anchor": anchor, "level": int(tag[1]), "title": [], "text": []}
            )
            self._in_heading = True
        elif tag in {"p", "li", "br", "tr", "dd", "dt"} and self.sections:
            self.sections[-1]["text"].append(" ")

    def handle_endtag(self, tag):
        if tag in HEADINGS:
            self._in_heading = False

    def handle_data(self, data):
        if not self.sections:
            return
        self.sections[-1]["title" if self._in_heading else "text"].append(data)


def _squash(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def split_sections(html: str) -> list[SectionText]:
    """The sections of rendered HTML: every heading with an anchor starts one.

    Text before the first heading belongs to no section (nothing can link
    to it)."""
    splitter = _SectionSplitter()
    splitter.feed(html)
    splitter.close()
    return [
        SectionText(
            anchor=s["anchor"],
            title=_squash(s["title"]),
            level=s["level"],
            text=_squash(s["text"]),
        )
        for s in splitter.sections
    ]


def headings(text: str) -> list[SectionText]:
    """The headings a Markdown text will have once published, with anchors."""
    return split_sections(render_markdown(text).html)
