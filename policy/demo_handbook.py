"""Demo data: the kwaliteitshandboek. Six richtlijnen beside social media,
each with its principles as headings and its scenario questions, in four
chapters, with document codes and raakvlakken.

Loaded in the order their texts link to each other: a link in a text is
checked at publication, so what a text links to is published before it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from accounts import demo as accounts_demo
from policy.models import Chapter, Guideline

CONTENT = settings.BASE_DIR / "content"

CHAPTERS = {
    1: "Professioneel werken",
    2: "Cliënten en hun rechten",
    3: "Privacy en informatie",
    4: "Communicatie",
}

# slug, title, chapter, code; texts before the texts that link to them.
GUIDELINES = [
    ("informatiebeveiliging", "Informatiebeveiliging", 3, "KH 3.2"),
    ("professioneel-handelen", "Professioneel handelen", 1, "KH 1.1"),
    ("meldcode", "Meldcode huiselijk geweld en kindermishandeling", 1, "KH 1.2"),
    ("privacy", "Privacy", 3, "KH 3.1"),
    ("email-en-intranet", "Gebruik van e-mail en intranet", 3, "KH 3.3"),
    ("klachten", "Klachtenregeling", 2, "KH 2.1"),
]
# Loaded elsewhere (policy.demo, policy.demo_partners), placed here.
PLACES = {
    **{slug: (chapter, code) for slug, _title, chapter, code in GUIDELINES},
    "social-media": (4, "KH 4.1"),
    "partners-in-zorg": (2, "KH 2.2"),
}
RELATED = [
    ("social-media", "privacy"),
    ("social-media", "email-en-intranet"),
    ("social-media", "professioneel-handelen"),
    ("privacy", "informatiebeveiliging"),
    ("privacy", "meldcode"),
    ("email-en-intranet", "informatiebeveiliging"),
    ("meldcode", "professioneel-handelen"),
    ("klachten", "professioneel-handelen"),
    ("partners-in-zorg", "social-media"),
]


def load_texts(*, stdout=None) -> None:
    """Publish version 1 of each richtlijn, once (`--if-missing`), with the
    quality officer's approval (four eyes)."""
    for slug, title, _chapter, _code in GUIDELINES:
        path = CONTENT / f"{slug}.md"
        call_command(
            "import_guideline",
            path,
            slug=slug,
            title=title,
            publish=True,
            questions=path.with_suffix(".questions.json"),
            if_missing=True,
            approved_by=accounts_demo.KWALITEIT_EMAIL,
            stdout=stdout,
        )


@transaction.atomic
def place() -> None:
    """Put the demo's richtlijnen in their chapters with their codes and
    raakvlakken. Only richtlijnen not yet in a chapter: what Beleid changed
    afterwards stays, however often the demo runs."""
    chapters = {
        number: Chapter.objects.get_or_create(number=number, defaults={"title": title})[
            0
        ]
        for number, title in CHAPTERS.items()
    }
    guidelines = {g.slug: g for g in Guideline.objects.filter(slug__in=PLACES)}
    fresh = {slug for slug, g in guidelines.items() if g.chapter_id is None}
    for slug in fresh:
        number, code = PLACES[slug]
        guideline = guidelines[slug]
        guideline.chapter = chapters[number]
        if not Guideline.objects.filter(code=code).exists():
            guideline.code = code
        guideline.save(update_fields=["chapter", "code"])
    for one, other in RELATED:
        if (one in fresh or other in fresh) and {one, other} <= guidelines.keys():
            guidelines[one].related.add(guidelines[other])
