"""A richtlijn with scenario questions, and large published data, for the
tests of several files."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from accounts.models import Partnership, User
from compliance.models import ComplianceCount, Population
from policy.models import Guideline, GuidelineVersion, Signature, VersionStatus

BODY = (
    "## Grondbeginselen\n\n"
    "### 1. Gebruik je gezond verstand. {#grondbeginsel-1}\n\n"
    "Plaats bij twijfel geen bericht.\n\n"
    "### 6. Geef nooit informatie over cliënten. {#grondbeginsel-6}\n\n"
    "Vermeld nooit namen van cliënten.\n"
)
PHOTO = {
    "situation": "Je wilt een foto van een pleegkind op de teampagina zetten.",
    "option_1": "Dat mag, als het kind lacht.",
    "option_2": "Niet doen: geen foto's of namen van pleegkinderen.",
    "correct": 2,
    "explanation": "Je deelt nooit informatie over cliënten.",
    "principle": "grondbeginsel-6",
}
DOUBT = {
    "situation": "Je twijfelt of een bericht kan.",
    "option_1": "Plaats het toch.",
    "option_2": "Plaats het niet en overleg met PR en communicatie.",
    "option_3": "Vraag het in een groepsapp.",
    "correct": 2,
    "explanation": "Bij twijfel plaats je niets.",
    "principle": "grondbeginsel-1",
}


def sign_answers(version, *, wrong: set[str] = frozenset()) -> dict:
    """What the sign form posts: every question answered right, except those
    testing a principle in `wrong`."""
    data = {"version": version.number, "confirmed": "on"}
    for q in version.questions.all():
        chosen = q.correct if q.principle not in wrong else (q.correct % 2) + 1
        data[f"question_{q.pk}"] = str(chosen)
    return data


def build(guidelines: int, versions: int, users: int, offset: int = 0) -> User:
    """Published richtlijnen with `versions` versions each and `users` staff
    who signed, in bulk: the data the pages must not slow down on."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=versions + 1)
    Guideline.objects.bulk_create(
        Guideline(slug=f"richtlijn-{g}", title=f"Richtlijn {g:03d}")
        for g in range(offset, offset + guidelines)
    )
    new = list(Guideline.objects.filter(versions__isnull=True))
    rows = []
    for guideline in new:
        for n in range(1, versions + 1):
            body = f"## Deel {n}\n\nTekst van versie {n} van {guideline.title}.\n"
            rows.append(
                GuidelineVersion(
                    guideline=guideline,
                    number=n,
                    status=VersionStatus.PUBLISHED,
                    body=body,
                    body_html=f'<h2 id="deel-{n}">Deel {n}</h2><p>{body}</p>',
                    body_sha256=f"{n:064d}",
                    change_summary="" if n == 1 else "Bijgewerkt",
                    is_minor=n % 2 == 1 and n > 1,
                    signatures_from_number=n if n % 2 == 0 or n == 1 else n - 1,
                    effective_date=start + datetime.timedelta(days=n),
                    signing_deadline=start + datetime.timedelta(days=n + 14),
                    published_at=timezone.now(),
                )
            )
    GuidelineVersion.objects.bulk_create(rows)
    password = make_password("x")
    User.objects.bulk_create(
        User(email=f"staff{i}@sterkhuis.test", password=password)
        for i in range(offset, offset + users)
    )
    newest = list(GuidelineVersion.objects.filter(number=versions, guideline__in=new))
    staff = list(User.objects.all())
    Signature.objects.bulk_create(
        Signature(user=user, version=version, text_sha256=version.body_sha256)
        for i, user in enumerate(staff)
        for version in newest[i % 3 :: 3]
    )
    if connection.vendor == "postgresql":
        # Statistics for the rows just loaded, as the large demo data does:
        # without them PostgreSQL plans the figures' recount as if the tables
        # were empty, and a recount takes minutes instead of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return User.objects.order_by("pk").first()


# --- The figures, counted person by person -------------------------------


class Rollback(Exception):
    pass


def from_scratch() -> dict[tuple, tuple[int, int]]:
    """Audience and signed per version to come or in force × slice, person
    by person, by the one rule."""
    counts: dict[tuple, list[int]] = {}
    for version in GuidelineVersion.objects.current().select_related("guideline"):
        audience = set(version.guideline.audience())
        for user in User.objects.all():
            assert version.guideline.applies_to(user) == (user in audience)
            if user not in audience:
                continue
            partnership = Partnership.objects.filter(user=user).first()
            if partnership is None:
                key = (version.pk, Population.STAFF, user.department_id)
            else:
                # A partner in zorg counts in their contact person's department.
                department = partnership.contact_person.department_id
                key = (version.pk, Population.PARTNER, department)
            cell = counts.setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += (
                Signature.objects.counting_for(version).filter(user=user).exists()
            )
    return {key: tuple(cell) for key, cell in counts.items()}


def stored() -> dict[tuple, tuple[int, int]]:
    current = set(GuidelineVersion.objects.current().values_list("pk", flat=True))
    return {
        (row.version_id, row.population, row.department_id): (row.audience, row.signed)
        for row in ComplianceCount.objects.all()
        if row.version_id in current and row.audience
    }
