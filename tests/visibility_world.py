"""A world with one of every kind of thing that may or may not be seen: the
data for the visibility matrix, the crawl and the property test.

Each richtlijn and question carries a word of its own, in its title and its
text, so a test can search for it and look for it on every page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts import roles
from accounts.models import Department
from accounts.partners import partner_create
from guidance.models import PublishedQuestion
from policy.models import Guideline, GuidelineVersion, Principle, local_today
from policy.services import guideline_withdraw

ROLES = [
    "medewerker",
    "leidinggevende",
    "beleid",
    "pr",
    "privacy",
    "partner",
    "anonymous",
]
STAFF = {"medewerker", "leidinggevende", "beleid", "pr", "privacy"}


@dataclass(frozen=True)
class Kind:
    name: str
    word: str
    slug: str = ""

    @property
    def title(self) -> str:
        return f"Richtlijn {self.word.capitalize()}"


RICHTLIJNEN = [
    Kind("staff", "zonnebloem", "voor-iedereen"),
    Kind("department", "tulpenveld", "alleen-ambulant"),
    Kind("partner", "kastanje", "voor-partners"),
    Kind("concept", "klaproos", "nog-een-concept"),
    Kind("withdrawn", "vlinderstruik", "ingetrokken"),
    Kind("future", "sneeuwklok", "nog-niet-geldig"),
]
QUESTIONS = [Kind("staff_question", "regenboog"), Kind("partner_question", "eekhoorn")]
KINDS = {k.name: k for k in RICHTLIJNEN + QUESTIONS}


def body(word: str) -> str:
    return (
        f"## Over de {word} {{#over}}\n\nWat je moet weten over de {word}.\n\n"
        f"## Afspraken {{#afspraken}}\n\nDe afspraken over de {word}.\n"
    )


def question_text(kind: Kind) -> str:
    return f"Mag ik een foto van de {kind.word} delen?"


# What each role may read, by the rule (policy.models.visible_q): staff every
# richtlijn (a withdrawn one as history), partners only the partners' one.
READABLE = {
    **{role: {"staff", "department", "partner", "withdrawn"} for role in STAFF},
    "partner": {"partner"},
    "anonymous": set(),
}
# In force among those: what the list and search show.
IN_FORCE = {role: kinds - {"withdrawn"} for role, kinds in READABLE.items()}
QUESTIONS_SEEN = {
    **{role: {"staff_question", "partner_question"} for role in STAFF},
    "partner": {"partner_question"},
    "anonymous": set(),
}
# What each must sign (the start page, the reminders): the audience.
TO_SIGN = {
    "medewerker": {"staff"},
    "leidinggevende": {"staff"},
    "beleid": {"staff", "department"},
    "pr": {"staff", "department"},
    "privacy": {"staff", "department"},
    "partner": {"partner"},
    "anonymous": set(),
}


class World:
    def __init__(self, user_factory, publish):
        self.pleegzorg = Department.objects.create(name="Pleegzorg")
        self.ambulant = Department.objects.create(name="Ambulante hulpverlening")
        roles.ensure_groups()
        make = user_factory
        self.users = {
            "medewerker": make(department=self.pleegzorg, groups=[roles.MEDEWERKER]),
            "leidinggevende": make(
                department=self.pleegzorg,
                groups=[roles.MEDEWERKER, roles.LEIDINGGEVENDE],
            ),
            "beleid": make(
                department=self.ambulant, groups=[roles.BELEID], is_staff=True
            ),
            "pr": make(department=self.ambulant, groups=[roles.PR], is_staff=True),
            "privacy": make(department=self.ambulant, groups=[roles.PRIVACY]),
        }
        self.pleegzorg.manager = self.users["leidinggevende"]
        self.pleegzorg.save()
        self.users["partner"] = partner_create(
            email="pleegouder@example.test",
            first_name="Sam",
            last_name="Pleegouder",
            contact_person=self.users["medewerker"],
            send_invite=False,
        )
        self.versions: dict[str, GuidelineVersion] = {}
        for kind in RICHTLIJNEN:
            self._make(kind, publish)
        for kind, of in zip(QUESTIONS, ["staff", "partner"], strict=True):
            PublishedQuestion.objects.create(
                principle=self.principle(of),
                question=question_text(kind),
                answer=f"Nee, ook de {kind.word} niet.",
            )

    def _make(self, kind: Kind, publish) -> None:
        if kind.name == "concept":
            guideline = Guideline.objects.create(slug=kind.slug, title=kind.title)
            GuidelineVersion.objects.create(guideline=guideline, body=body(kind.word))
            return
        effective = None
        if kind.name == "future":
            effective = local_today() + datetime.timedelta(days=60)
        version = publish(
            kind.slug, body(kind.word), title=kind.title, effective_date=effective
        )
        guideline = version.guideline
        if kind.name == "department":
            guideline.audience_all = False
            guideline.save()
            guideline.departments.set([self.ambulant])
        elif kind.name == "partner":
            guideline.audience_all, guideline.audience_partners = False, True
            guideline.save()
        elif kind.name == "withdrawn":
            guideline_withdraw(guideline=guideline, user=None)
        self.versions[kind.name] = version

    def principle(self, kind: str) -> Principle:
        return Principle.objects.get(guideline__slug=KINDS[kind].slug, anchor="over")
