"""The kwaliteitshandboek: richtlijnen by chapter with their document codes,
the links between richtlijnen (raakvlakken and links in the text, checked at
publication), and the archive of withdrawn richtlijnen."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles
from outbox.services import send
from policy.models import (
    Chapter,
    Guideline,
    GuidelineVersion,
    Section,
    VersionStatus,
    versions_in_force_for,
)
from policy.rendering import split_sections

# Paths under /richtlijnen/ that are pages of their own, never a richtlijn.
RESERVED_SLUGS = frozenset({"archief"})

# A link to a richtlijn inside a text: /richtlijnen/<slug>/ and what follows.
_LINK_PATH = re.compile(r"^/richtlijnen/(?P<slug>[-\w]+)/(?P<rest>.*)$")


def code_key(code: str) -> tuple:
    """Sort "KH 4.10" after "KH 4.2": the numbers in a code count as numbers,
    and a richtlijn without a code comes last."""
    if not code:
        return (1,)
    parts = (p for p in re.split(r"(\d+)", code) if p)
    return (0, *((0, int(p)) if p.isascii() and p.isdigit() else (1, p) for p in parts))


# --- The list by chapter -------------------------------------------------------


@dataclass
class ChapterGroup:
    """One chapter of the handbook as the list shows it."""

    chapter: Chapter | None  # None: richtlijnen not (yet) in a chapter
    versions: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"hoofdstuk-{self.chapter.number}" if self.chapter else "overige"

    @property
    def to_sign(self) -> int:
        return sum(1 for v in self.versions if v.needs_signature)


@dataclass
class Handbook:
    chapters: list[ChapterGroup]  # every chapter with richtlijnen, filter aside
    shown: list[ChapterGroup]  # what the filters leave
    total: int

    @property
    def to_sign(self) -> int:
        return sum(g.to_sign for g in self.chapters)


def handbook_for(
    user, *, chapter: int | None = None, to_sign: bool = False
) -> Handbook:
    """The versions in force `user` may read, with their status, grouped by
    chapter in the handbook's order: two queries, whatever the size.

    `chapter` (a chapter's number, 0 for richtlijnen without one) and
    `to_sign` narrow what is shown; the chapter list stays whole, for the
    filter."""
    versions = versions_in_force_for(user)
    chapters = {c.pk: c for c in Chapter.objects.all()}
    groups: dict[int | None, ChapterGroup] = {}
    for version in versions:
        chapter_id = version.guideline.chapter_id
        group = groups.setdefault(chapter_id, ChapterGroup(chapters.get(chapter_id)))
        group.versions.append(version)
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.chapter is None, g.chapter.number if g.chapter else 0),
    )
    for group in ordered:
        group.versions.sort(
            key=lambda v: (code_key(v.guideline.code), v.guideline.title)
        )
    shown = [
        g
        for g in ordered
        if chapter is None or (g.chapter.number if g.chapter else 0) == chapter
    ]
    if to_sign:
        shown = [
            ChapterGroup(g.chapter, [v for v in g.versions if v.needs_signature])
            for g in shown
        ]
        shown = [g for g in shown if g.versions]
    return Handbook(chapters=ordered, shown=shown, total=len(versions))


# --- Related richtlijnen -------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A richtlijn's place in the handbook and its raakvlakken."""

    code: str
    chapter: Chapter | None
    related: list[Guideline]


def handbook_entry(user, guideline: Guideline) -> Entry:
    """Where `guideline` stands in the handbook, and its raakvlakken that
    `user` may read and that are in force, in the handbook's order (a link
    to itself does not count). One query."""
    in_force = GuidelineVersion.objects.in_force().filter(guideline=OuterRef("pk"))
    related = (
        Guideline.objects.visible_to(user)
        .filter(related=guideline.pk)
        .exclude(pk=guideline.pk)
        .filter(Exists(in_force))
        .values("pk")
    )
    rows = list(
        Guideline.objects.filter(Q(pk=guideline.pk) | Q(pk__in=related)).select_related(
            "chapter"
        )
    )
    own = next((g for g in rows if g.pk == guideline.pk), None)
    others = sorted(
        (g for g in rows if g.pk != guideline.pk),
        key=lambda g: (
            g.chapter is None,
            g.chapter.number if g.chapter else 0,
            code_key(g.code),
            g.title,
        ),
    )
    return Entry(
        code=own.code if own else "",
        chapter=own.chapter if own else None,
        related=others,
    )


# --- Links in a text -----------------------------------------------------------


@dataclass(frozen=True)
class Link:
    href: str
    slug: str
    anchor: str  # "" for a link to the richtlijn itself


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def guideline_links(html: str) -> list[Link]:
    """The links in rendered HTML to a richtlijn of this portal, relative
    (`/richtlijnen/privacy/#anchor`) or absolute on the portal's own address."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    own_host = urlsplit(settings.SITE_URL).netloc
    links = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            continue
        if parts.netloc and parts.netloc != own_host:
            continue
        match = _LINK_PATH.match(parts.path)
        if match is None or match["slug"] in RESERVED_SLUGS:
            continue
        # Only a link to the page in force has headings to check.
        anchor = parts.fragment if not match["rest"] else ""
        links.append(Link(href=href, slug=match["slug"], anchor=anchor))
    return links


def link_problems(html: str, *, guideline: Guideline) -> list[str]:
    """Why the links of a text about to be published as a version of
    `guideline` cannot stay: a richtlijn that does not exist (or is not in
    force), or a heading it does not have. Empty when every link holds.

    A link to the richtlijn itself is checked against the text's own
    headings."""
    links = guideline_links(html)
    if not links:
        return []
    others = {link.slug for link in links} - {guideline.slug}
    titles = dict(
        GuidelineVersion.objects.in_force()
        .filter(guideline__slug__in=others)
        .values_list("guideline__slug", "guideline__title")
    )
    anchors = set(
        Section.objects.in_force()
        .filter(version__guideline__slug__in=titles)
        .values_list("version__guideline__slug", "anchor")
    )
    anchors |= {(guideline.slug, s.anchor) for s in split_sections(html)}
    titles[guideline.slug] = guideline.title
    problems = []
    for link in dict.fromkeys(links):
        if link.slug not in titles:
            problems.append(
                _(
                    "De tekst verwijst naar de richtlijn “%(slug)s” (%(href)s), "
                    "maar die bestaat niet of geldt niet. Pas de link aan."
                )
                % {"slug": link.slug, "href": link.href}
            )
        elif link.anchor and (link.slug, link.anchor) not in anchors:
            problems.append(
                _(
                    "De tekst verwijst naar de kop “%(anchor)s” van de richtlijn "
                    "“%(title)s” (%(href)s), maar die kop bestaat niet. Pas de "
                    "link aan."
                )
                % {"anchor": link.anchor, "title": titles[link.slug], "href": link.href}
            )
    return problems


@dataclass(frozen=True)
class BrokenIncoming:
    """A richtlijn in force that links to a heading a new version removes."""

    guideline: Guideline
    anchor: str
    title: str  # of the removed heading


def links_broken_by(concept: GuidelineVersion, html: str) -> list[BrokenIncoming]:
    """The richtlijnen in force whose text links to a heading of the
    concept's richtlijn that `html` (the concept, rendered) no longer has:
    their editors should know before this is published."""
    guideline = concept.guideline
    in_force = guideline.version_in_force()
    if in_force is None:
        return []
    kept = {s.anchor for s in split_sections(html)}
    removed = {
        anchor: title
        for anchor, title in in_force.sections.values_list("anchor", "title")
        if anchor not in kept
    }
    if not removed:
        return []
    linking = (
        GuidelineVersion.objects.in_force()
        .filter(body_html__contains=f"/richtlijnen/{guideline.slug}/")
        .exclude(guideline=guideline)
        .select_related("guideline__owner")
        .defer("body", "toc_html")
    )
    broken = []
    for version in linking:
        seen = set()
        for link in guideline_links(version.body_html):
            if link.slug == guideline.slug and link.anchor in removed:
                if link.anchor not in seen:
                    seen.add(link.anchor)
                    broken.append(
                        BrokenIncoming(
                            version.guideline, link.anchor, removed[link.anchor]
                        )
                    )
    return broken


def broken_links_mail(*, version: GuidelineVersion, broken: list[BrokenIncoming]):
    """Tell the owner of each richtlijn whose link `version` broke (or
    Beleid, when it has none) which heading went, so the link is mended in
    their next concept."""
    by_guideline: dict[int, list[BrokenIncoming]] = {}
    for item in broken:
        by_guideline.setdefault(item.guideline.pk, []).append(item)
    for items in by_guideline.values():
        linking = items[0].guideline
        owner = linking.owner
        if owner is not None and owner.is_active:
            to, name = [owner.email], owner.get_full_name()
        else:
            to = list(roles.members(roles.BELEID).values_list("email", flat=True))
            name = ""
        send(
            "broken_links",
            to,
            {
                "name": name,
                "number": version.number,
                "target": version.guideline.title,
                "title": linking.title,
                "items": items,
                "url": settings.SITE_URL
                + reverse("admin:policy_guideline_change", args=[linking.pk]),
            },
        )


# --- The archive ---------------------------------------------------------------


def withdrawn_guidelines():
    """Richtlijnen withdrawn: versions that were published, none still is."""
    published = GuidelineVersion.objects.filter(
        guideline=OuterRef("pk"), status=VersionStatus.PUBLISHED
    )
    withdrawn = GuidelineVersion.objects.filter(
        guideline=OuterRef("pk"), status=VersionStatus.WITHDRAWN
    )
    return Guideline.objects.filter(Exists(withdrawn)).exclude(Exists(published))
