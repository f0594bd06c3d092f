"""Word in, richtlijn out: a `.docx` read into the Markdown of a concept.

mammoth turns the document into plain HTML (headings from Word's heading
styles, lists, tables, bold, italics, links); this module checks the file
first, writes that HTML as Markdown, and lists what did not come along
(images, comments, tracked changes, unknown styles), so the editor can see
it before the text replaces a concept's.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

import mammoth
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_WORD_BYTES = 10 * 1024 * 1024
# A .docx is a zip; a small file that unpacks to gigabytes is refused.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
WORD_MAIN = "wordprocessingml.document.main+xml"


class WordFileError(ValueError):
    """The file cannot be read as a Word document; the message says why."""


@dataclass
class WordText:
    markdown: str
    dropped: list[str] = field(default_factory=list)


def word_check(data: bytes, name: str) -> zipfile.ZipFile:
    """The opened .docx, or WordFileError (Dutch) when it is not one, is
    encrypted, holds macros or is too large."""
    lower = name.lower()
    if lower.endswith((".docm", ".dotm")):
        raise WordFileError(
            _(
                "%(name)s bevat macro's (.docm) en wordt om veiligheidsredenen "
                "niet ingelezen. Sla het op als Word-document (.docx) zonder "
                "macro's."
            )
            % {"name": name}
        )
    if not lower.endswith(".docx"):
        raise WordFileError(
            _("%(name)s is geen Word-bestand (.docx).") % {"name": name}
        )
    if len(data) > MAX_WORD_BYTES:
        raise WordFileError(
            _(
                "%(name)s is te groot (%(size).1f MB); een Word-bestand mag "
                "hooguit 10 MB zijn. Haal grote afbeeldingen eruit."
            )
            % {"name": name, "size": len(data) / 1024 / 1024}
        )
    if data.startswith(CFB_MAGIC):
        if ENCRYPTED_MARK in data:
            raise WordFileError(
                _(
                    "%(name)s is met een wachtwoord beveiligd (versleuteld). "
                    "Haal de beveiliging eraf in Word en lees het opnieuw in."
                )
                % {"name": name}
            )
        raise WordFileError(
            _(
                "%(name)s is een oud Word-bestand (.doc). Sla het in Word op "
                "als .docx en lees het opnieuw in."
            )
            % {"name": name}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as exc:
        raise WordFileError(
            _("%(name)s is geen Word-bestand (.docx) of is beschadigd.")
            % {"name": name}
        ) from exc
    if "macroEnabled" in types or any(n.endswith("vbaProject.bin") for n in names):
        raise WordFileError(
            _(
                "%(name)s bevat macro's en wordt om veiligheidsredenen niet "
                "ingelezen. Sla het op als Word-document (.docx) zonder macro's."
            )
            % {"name": name}
        )
    if WORD_MAIN not in types or "word/document.xml" not in names:
        raise WordFileError(
            _("%(name)s is geen Word-document (.docx).") % {"name": name}
        )
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise WordFileError(
            _("%(name)s pakt uit tot meer dan 100 MB en wordt niet ingelezen.")
            % {"name": name}
        )
    return archive


def word_to_markdown(data: bytes, name: str) -> WordText:
    """The document as Markdown, and what was left out (Dutch)."""
    archive = word_check(data, name)
    images = []

    def drop_image(image):
        images.append(image.alt_text or "")
        return []

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=drop_image)
    except Exception as exc:  # mammoth raises many kinds on a broken file
        raise WordFileError(
            _("%(name)s kon niet worden gelezen: het bestand is beschadigd.")
            % {"name": name}
        ) from exc
    markdown = html_to_markdown(result.value)
    return WordText(markdown=markdown, dropped=_dropped(archive, images, result))


def _count(archive: zipfile.ZipFile, member: str, pattern: str) -> int:
    try:
        xml = archive.read(member).decode("utf-8", "replace")
    except KeyError:
        return 0
    return len(re.findall(pattern, xml))


def _dropped(archive: zipfile.ZipFile, images: list[str], result) -> list[str]:
    dropped = []
    if images:
        dropped.append(
            ngettext(
                "%(n)d afbeelding is weggelaten (een richtlijn bevat alleen tekst).",
                "%(n)d afbeeldingen zijn weggelaten (een richtlijn bevat alleen "
                "tekst).",
                len(images),
            )
            % {"n": len(images)}
        )
    comments = _count(archive, "word/comments.xml", r"<w:comment\b")
    if comments:
        dropped.append(
            ngettext(
                "%(n)d opmerking is weggelaten.",
                "%(n)d opmerkingen zijn weggelaten.",
                comments,
            )
            % {"n": comments}
        )
    changes = _count(archive, "word/document.xml", r"<w:(?:ins|del)\b")
    if changes:
        dropped.append(
            ngettext(
                "%(n)d bijgehouden wijziging is verwerkt alsof hij is "
                "geaccepteerd: ingevoegde tekst staat erin, verwijderde niet.",
                "%(n)d bijgehouden wijzigingen zijn verwerkt alsof ze zijn "
                "geaccepteerd: ingevoegde tekst staat erin, verwijderde niet.",
                changes,
            )
            % {"n": changes}
        )
    styles = sorted(
        {
            match[1]
            for message in result.messages
            if (match := re.search(r"style: '([^']*)'", message.message))
        }
    )
    for style in styles:
        dropped.append(
            _("Opmaakstijl “%(style)s” is als gewone tekst ingelezen.")
            % {"style": style}
        )
    return dropped


# --- HTML to Markdown ---------------------------------------------------------


@dataclass
class _Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    VOID = {"br", "img", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


_ESCAPE = re.compile(r"([\\`*_{}\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#+>-]|\d+\.)(?=\s)")
_SAFE_URL = re.compile(r"^(https?://|mailto:|/|#)", re.IGNORECASE)
_LIST_START = re.compile(r"^(-|\d+\.) ")
_INLINE_MARK = {"strong": "**", "b": "**", "em": "*", "i": "*"}


def _inline(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_ESCAPE.sub(r"\\\1", re.sub(r"\s+", " ", node)))
        elif node.tag == "br":
            out.append("  \n")
        elif node.tag in _INLINE_MARK:
            out.append(_wrap(_inline(node.children), _INLINE_MARK[node.tag]))
        elif node.tag == "a":
            text = _inline(node.children)
            href = node.attrs.get("href") or ""
            if href and _SAFE_URL.match(href) and text.strip():
                href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                out.append(f"[{text}]({href})")
            else:
                out.append(text)  # an anchor of mammoth's, or an unsafe link
        else:
            out.append(_inline(node.children))
    return "".join(out)


def _wrap(text: str, mark: str) -> str:
    """`text` in bold or italics, with its outer spaces kept outside."""
    stripped = text.strip()
    if not stripped:
        return text
    start = text[: len(text) - len(text.lstrip())]
    end = text[len(text.rstrip()) :]
    return f"{start}{mark}{stripped}{mark}{end}"


def _line(text: str) -> str:
    text = text.strip(" ")
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2], text)


def _blocks(nodes, depth: int = 0) -> list[str]:
    blocks = []
    inline: list = []

    def flush():
        text = _inline(inline).strip()
        if text:
            blocks.append(_line(text))
        inline.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag not in _BLOCK:
            inline.append(node)
            continue
        flush()
        blocks.extend(_BLOCK[node.tag](node, depth))
    flush()
    return blocks


def _heading(node, depth):
    # The page's title is the <h1>; Word's "Kop 1" is a section: ##.
    level = min(int(node.tag[1]) + 1, 6)
    text = _inline(node.children).strip()
    return [f"{'#' * level} {text}"] if text else []


def _paragraph(node, depth):
    text = _inline(node.children).strip()
    return [_line(text)] if text else []


def _list(node, depth):
    ordered = node.tag == "ol"
    lines = []
    number = 0
    for item in node.children:
        if isinstance(item, str) or item.tag != "li":
            continue
        number += 1
        marker = f"{number}." if ordered else "-"
        inner = _blocks(item.children, depth + 1)
        pad = " " * 4
        first, *rest = inner or [""]
        text = f"{marker} {first}"
        for block in rest:
            # A nested list follows its item directly; a second paragraph
            # of the item after a blank line.
            gap = "\n" if _LIST_START.match(block) else "\n\n"
            text += gap + "\n".join(pad + line for line in block.split("\n"))
        lines.append(text)
    return ["\n".join(lines)] if lines else []


def _table(node, depth):
    rows = []

    def collect(parent):
        for child in parent.children:
            if isinstance(child, str):
                continue
            if child.tag == "tr":
                rows.append(
                    [
                        " ".join(_blocks(cell.children)).replace("\n", " ")
                        for cell in child.children
                        if not isinstance(cell, str) and cell.tag in {"td", "th"}
                    ]
                )
            else:
                collect(child)

    collect(node)
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return ["\n".join(lines)]


def _container(node, depth):
    return _blocks(node.children, depth)


_BLOCK = {
    **{f"h{n}": _heading for n in range(1, 7)},
    "p": _paragraph,
    "ul": _list,
    "ol": _list,
    "table": _table,
    "blockquote": _container,
    "div": _container,
    "hr": lambda node, depth: ["---"],
}


def html_to_markdown(html: str) -> str:
    """mammoth's HTML as the Markdown a richtlijn is written in."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return "\n\n".join(_blocks(builder.root.children)) + "\n"
