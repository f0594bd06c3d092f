"""The compliance figures (a read model kept fresh by every event) always
equal a count from scratch by the one rule: `Guideline.audience` and
`Signature.objects.counting_for`."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Department, Partnership, User
from accounts.partners import partner_create, partnership_end
from accounts.services import staff_import
from compliance.figures import figures_refresh, publication_effect
from compliance.models import ComplianceCount
from policy.models import (
    Guideline,
    GuidelineVersion,
    Signature,
    VersionStatus,
    version_in_force_for,
    versions_in_force_for,
)
from policy.services import (
    NotSignableError,
    guideline_withdraw,
    signature_create,
    version_publish,
)
from tests.policy.helpers import Rollback, from_scratch, stored

pytestmark = pytest.mark.django_db

PEOPLE = 6
GUIDELINES = 3
DEPARTMENTS = ["Pleegzorg", "Ambulant", "Gezinshuizen"]
JOB_TITLES = ["", "ambulant hulpverlener", "pleegzorgbegeleider"]


def publish(guideline: Guideline, *, minor: bool, later: bool) -> None:
    in_force = guideline.versions.filter(status=VersionStatus.PUBLISHED).exists()
    draft = GuidelineVersion.objects.create(
        guideline=guideline, body=f"## Tekst\n\nVersie {timezone.now()}.\n"
    )
    version_publish(
        version=draft,
        user=None,
        change_summary="Gewijzigd",
        is_minor=minor and in_force,
        effective_date=timezone.localdate() + datetime.timedelta(days=5)
        if later
        else None,
        # The figures, not four eyes, are under test: published as the
        # operator's import does (tests/policy/test_approval.py has the rule).
        approval_waived=True,
    )


def apply(event: tuple, people: list[User], departments: list[Department]) -> None:
    kind, a, b, c = event
    person = User.objects.get(pk=people[a % PEOPLE].pk)
    guideline = Guideline.objects.get(slug=f"r{b % GUIDELINES}")
    department = departments[b % len(departments)] if c else None
    if kind == "sign":
        version = guideline.version_in_force()
        if version is not None:
            try:
                signature_create(user=person, version=version)
            except NotSignableError:
                pass
    elif kind == "publish":
        publish(guideline, minor=c, later=a % 4 == 0)
    elif kind == "withdraw":
        guideline_withdraw(guideline=guideline, user=None)
    elif kind == "move":
        person.department = department
        person.save()
    elif kind == "deactivate":
        person.is_active = not person.is_active
        person.save()
    elif kind == "audience":
        guideline.audience_all = not c
        guideline.save()
        guideline.departments.set(departments[: b % len(departments) + 1])
    elif kind == "import":
        # HR's file: everyone but one person, some of them in another team.
        rows = [
            (
                n,
                {
                    "email": p.email,
                    "first_name": p.first_name,
                    "last_name": p.last_name,
                    "department": DEPARTMENTS[(n + b) % len(DEPARTMENTS)]
                    if n % 2
                    else (p.department.name if p.department else DEPARTMENTS[0]),
                    "job_title": JOB_TITLES[(n + a) % len(JOB_TITLES)],
                    "manager_email": "",
                },
            )
            for n, p in enumerate(User.objects.employees().select_related("department"))
            if n != a % PEOPLE
        ]
        staff_import(rows=rows, deactivate_missing=True)
    elif kind == "partner":
        partner_create(
            email=f"partner{User.objects.count()}@example.test",
            first_name="Partner",
            last_name="In zorg",
            contact_person=person,
            send_invite=False,
        )
    elif kind in {"partner_sign", "contact", "end"}:
        partnerships = list(Partnership.objects.order_by("pk"))
        if not partnerships:
            return
        partnership = partnerships[b % len(partnerships)]
        if kind == "partner_sign":
            version = guideline.version_in_force()
            if version is not None:
                try:
                    signature_create(user=partnership.user, version=version)
                except NotSignableError:
                    pass
        elif kind == "contact":
            partnership.contact_person = person
            partnership.save()
        elif partnership.ended_at is None:
            partnership_end(partnership=partnership)
    elif kind == "for_partners":
        guideline.audience_partners = c
        guideline.save()
    elif kind == "job":
        person.job_title = JOB_TITLES[b % len(JOB_TITLES)]
        person.save()
    elif kind == "for_jobs":
        # None, one or two job titles: the audience narrows to them.
        guideline.job_titles.all().delete()
        for title in JOB_TITLES[1 : 1 + b % 3]:
            guideline.job_titles.create(job_title=title)
    elif kind == "join":
        User.objects.create_user(
            email=f"nieuw{User.objects.count()}@sterkhuis.test",
            first_name="Nieuw",
            department=department,
        )


events = st.lists(
    st.tuples(
        st.sampled_from(
            ["sign"] * 4
            + ["publish", "withdraw", "move", "deactivate", "audience", "import"]
            + ["join"]
            + ["partner", "partner_sign", "partner_sign", "contact", "end"]
            + ["for_partners", "job", "for_jobs"]
        ),
        st.integers(0, 20),
        st.integers(0, 20),
        st.booleans(),
    ),
    min_size=1,
    max_size=15,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(events=events)
def test_figures_equal_a_count_from_scratch(events):
    try:
        with transaction.atomic():
            departments = [Department.objects.create(name=n) for n in DEPARTMENTS]
            people = [
                User.objects.create_user(
                    email=f"p{n}@sterkhuis.test",
                    first_name=f"P{n}",
                    last_name="Test",
                    department=departments[n % 3] if n % 4 != 3 else None,
                )
                for n in range(PEOPLE)
            ]
            for g in range(GUIDELINES):
                guideline = Guideline.objects.create(slug=f"r{g}", title=f"R{g}")
                publish(guideline, minor=False, later=False)
            for event in events:
                apply(event, people, departments)
                assert stored() == from_scratch(), event
            # A recount changes nothing: the figures were right all along.
            figures_refresh()
            assert stored() == from_scratch()
            raise Rollback
    except Rollback:
        pass


def test_list_shows_the_signing_status_by_the_counting_rule(user_factory, publish):
    alice, bob = user_factory(), user_factory()
    first = publish(slug="a", title="A")
    publish(slug="b", title="B")
    signature_create(user=alice, version=first)
    publish(slug="a", body="## Klein\n", minor=True)
    future = timezone.localdate() + datetime.timedelta(days=10)
    publish(slug="b", body="## Later\n", summary="Later", effective_date=future)

    for user in (alice, bob):
        for today in (timezone.localdate(), future):
            shown = versions_in_force_for(user, today)
            assert [v.guideline.slug for v in shown] == ["a", "b"]
            for listed in shown:
                version = GuidelineVersion.objects.get(pk=listed.pk)
                counts = Signature.objects.counting_for(version).filter(user=user)
                model = version_in_force_for(user, listed.guideline.slug, today)
                assert (model.pk, model.is_signed) == (listed.pk, listed.is_signed)
                assert listed.is_signed == counts.exists()
    signed = {v.guideline.slug: v.is_signed for v in versions_in_force_for(alice)}
    assert signed == {"a": True, "b": False}


def test_publication_effect_reads_the_figures(user_factory, publish):
    signer, other = user_factory(), user_factory()
    version = publish(slug="privacy", title="Privacy")
    signature_create(user=signer, version=version)
    effect = publication_effect(version.guideline)
    assert effect == {"keep_if_minor": 1, "asked_if_minor": 1, "asked_if_material": 2}
    assert effect["keep_if_minor"] == version.signers().count()
    assert effect["asked_if_minor"] == version.unsigned().count()
    assert other in version.unsigned()


def _figure_reads(callback) -> int:
    """How often `callback` reads the stored figures, the start of each
    recount (`figures_refresh` reads the rows it replaces once)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    table = ComplianceCount._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        callback()
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    )


def test_a_publication_and_a_withdrawal_recount_the_figures_once(user_factory, publish):
    user_factory()
    version = publish()
    guideline = version.guideline
    once = _figure_reads(lambda: figures_refresh(guideline_ids=[guideline.pk]))
    assert once >= 1
    assert _figure_reads(lambda: publish(body="## Nieuw\n\nAnders.\n")) == once
    assert (
        _figure_reads(lambda: guideline_withdraw(guideline=guideline, user=None))
        == once
    )
    # A change of who must sign still recounts.
    guideline.audience_all = not guideline.audience_all
    assert _figure_reads(guideline.save) == once
