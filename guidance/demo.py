"""Demo data: a few questions PR answered and published (`/vragen/`), and
the synonyms Beleid starts search with."""

from __future__ import annotations

from guidance.models import PublishedQuestion, Synonym
from policy.models import Principle

QUESTIONS = [
    (
        "grondbeginsel-6",
        "Een pleegouder vraagt of ik de foto van het zomerfeest, met de kinderen "
        "erop, in de app-groep van de pleegouders mag zetten. Mag dat?",
        "Nee. Ook in een besloten groep deel je geen foto's of namen van "
        "pleegkinderen: je weet niet waar een foto terechtkomt. Een foto van de "
        "versierde tuin, zonder mensen, kan wel.",
    ),
    (
        "grondbeginsel-2",
        "Onder een bericht van de gemeente staat een negatieve reactie over Sterk "
        "Huis. Mag ik uitleggen hoe het echt zit?",
        "Liever niet zelf: geef het door aan PR en communicatie met een melding "
        "(soort kritiek). Wij kijken of en hoe Sterk Huis reageert, zodat er één "
        "verhaal naar buiten gaat.",
    ),
    (
        "donts",
        "Een jongere stuurt me 's avonds een WhatsApp over de ruzie thuis. "
        "Antwoord ik daar inhoudelijk op?",
        "Nee: inhoudelijke cliëntinformatie gaat niet via WhatsApp. Laat weten dat "
        "je het bericht gezien hebt en stel voor om even te bellen.",
    ),
]


SYNONYMS = [
    ("appen", "WhatsApp"),
    ("pers", "media"),
    ("baas", "leidinggevende"),
    ("manager", "leidinggevende"),
    ("foto", "afbeelding"),
]


def load(*, slug: str = "social-media") -> int:
    """Publish the demo questions once; returns how many were added."""
    for word, means in SYNONYMS:
        if not Synonym.objects.filter(word=word).exists():
            Synonym.objects.create(word=word, means=means)
    principles = {p.anchor: p for p in Principle.objects.filter(guideline__slug=slug)}
    added = 0
    for anchor, question, answer in QUESTIONS:
        if anchor not in principles:
            continue
        item = PublishedQuestion(
            principle=principles[anchor], question=question, answer=answer
        )
        if PublishedQuestion.objects.filter(question=question).exists():
            continue
        item.full_clean()
        item.save()
        added += 1
    return added
