"""On random richtlijnen (audiences, states, questions) and a random reader,
the list, search and /vragen/ show the same richtlijnen: those the one
visibility rule gives, computed here independently from the data."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Department, User
from accounts.partners import partner_create
from guidance.models import PublishedQuestion
from policy.models import Guideline, GuidelineVersion, local_today
from policy.services import guideline_withdraw, version_publish

pytestmark = pytest.mark.django_db

WORD = "gemeenschappelijk"
STATES = ["in_force", "concept", "future", "withdrawn"]

richtlijnen = st.lists(
    st.fixed_dictionaries(
        {
            "audience_all": st.booleans(),
            "department": st.sampled_from([None, "A", "B"]),
            "partners": st.booleans(),
            "state": st.sampled_from(STATES),
            "question": st.booleans(),
        }
    ),
    min_size=1,
    max_size=4,
)
readers = st.sampled_from(["staff-A", "staff-B", "staff-none", "partner"])


class Rollback(Exception):
    pass


def _make(n: int, spec: dict, departments: dict) -> Guideline:
    guideline = Guideline.objects.create(
        slug=f"r{n}",
        title=f"R{n}",
        audience_all=spec["audience_all"],
        audience_partners=spec["partners"],
    )
    if spec["department"]:
        guideline.departments.set([departments[spec["department"]]])
    draft = GuidelineVersion.objects.create(
        guideline=guideline, body=f"## Kop {n} {{#kop}}\n\nDe {WORD} tekst {n}.\n"
    )
    if spec["state"] == "concept":
        return guideline
    later = local_today() + datetime.timedelta(days=30)
    version_publish(
        version=draft,
        user=None,
        effective_date=later if spec["state"] == "future" else None,
        approval_waived=True,  # set-up: what is seen after publication
    )
    if spec["question"]:
        PublishedQuestion.objects.create(
            principle=guideline.principles.get(anchor="kop"),
            question=f"Een {WORD} vraag over R{n}?",
            answer="Nee.",
        )
    if spec["state"] == "withdrawn":
        guideline_withdraw(guideline=guideline, user=None)
    return guideline


def _reader(kind: str, departments: dict) -> User:
    contact = User.objects.create_user(
        email="contact@sterkhuis.test", department=departments["A"]
    )
    if kind == "partner":
        return partner_create(
            email="partner@example.test",
            first_name="P",
            last_name="Q",
            contact_person=contact,
            send_invite=False,
        )
    department = None if kind == "staff-none" else departments[kind[-1]]
    return User.objects.create_user(email="lezer@sterkhuis.test", department=department)


def _slugs(html: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, html))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(specs=richtlijnen, reader=readers)
def test_list_search_and_questions_show_the_same_richtlijnen(specs, reader):
    try:
        with transaction.atomic():
            departments = {n: Department.objects.create(name=n) for n in "AB"}
            for n, spec in enumerate(specs):
                _make(n, spec, departments)
            client = Client()
            client.force_login(_reader(reader, departments))

            listed = _slugs(
                client.get(reverse("policy:list")).text,
                r'href="/richtlijnen/(r\d+)/"',
            )
            search = client.get(reverse("guidance:search"), {"q": WORD}).text
            found = _slugs(
                search, r'hit-section">\s*<h3><a href="/richtlijnen/(r\d+)/#kop">'
            )
            asked = _slugs(
                search, r'hit-question">\s*<h3><a href="/richtlijnen/(r\d+)/#kop">'
            )
            questions = _slugs(
                client.get(reverse("guidance:questions")).text,
                r'href="/richtlijnen/(r\d+)/#kop"',
            )

            expected = {
                f"r{n}"
                for n, spec in enumerate(specs)
                if spec["state"] == "in_force"
                and (reader != "partner" or spec["partners"])
            }
            with_question = {
                f"r{n}" for n, spec in enumerate(specs) if spec["question"]
            }
            assert listed == found == expected
            assert questions == asked == expected & with_question
            raise Rollback
    except Rollback:
        pass
