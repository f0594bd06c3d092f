"""Every heading of a published version is a section with its anchor, and a
principle of its richtlijn: what questions test, signals concern, answers
cite and search finds."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection

from policy.models import GuidelineVersion, Principle, Section
from policy.rendering import split_sections
from policy.signals import sections_stored

SEARCH_CONFIG = "dutch"


def section_vector():
    """The one definition of what section search looks at: the heading
    weighs more than the text under it."""
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "text", weight="B", config=SEARCH_CONFIG
    )


def sections_store(version: GuidelineVersion) -> list[Section]:
    """Store the sections of a version being published and keep its
    richtlijn's principles (one per anchor) up to date with their titles.
    Idempotent: a version's sections are made once."""
    if version.sections.exists():
        return list(version.sections.all())
    parts = split_sections(version.body_html)
    principles = {p.anchor: p for p in version.guideline.principles.all()}
    for position, part in enumerate(parts):
        principle = principles.get(part.anchor)
        if principle is None:
            principles[part.anchor] = Principle.objects.create(
                guideline_id=version.guideline_id,
                anchor=part.anchor,
                title=part.title[:300],
                position=position,
            )
        elif (principle.title, principle.position) != (part.title[:300], position):
            principle.title, principle.position = part.title[:300], position
            principle.save(update_fields=["title", "position"])
    sections = Section.objects.bulk_create(
        Section(
            version=version,
            principle=principles[part.anchor],
            position=position,
            level=part.level,
            anchor=part.anchor,
            title=part.title[:300],
            text=part.text,
        )
        for position, part in enumerate(parts)
    )
    if connection.vendor == "postgresql":
        Section.objects.filter(version=version).update(search_vector=section_vector())
    sections_stored.send(sender=Section, version=version, sections=sections)
    return sections
