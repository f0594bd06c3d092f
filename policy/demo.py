"""Policy's demo data: the social-media richtlijn, and realistic large data for
benchmarks: `demo --staff N --richtlijnen M`.

Built with bulk inserts so 5,000 staff and 30 richtlijnen take seconds, not
minutes. Deterministic (a fixed random seed), and built only once.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts import demo as accounts_demo
from policy import demo_handbook
from policy.models import (
    Chapter,
    Guideline,
    GuidelineVersion,
    Signature,
    VersionStatus,
    local_today,
)
from policy.rendering import render_markdown, text_sha256
from policy.sections import sections_store
from policy.signals import signatures_loaded

TOPICS = (
    "Privacy en AVG|Omgaan met agressie|Meldcode huiselijk geweld|Gebruik van e-mail|"
    "Dossiervorming|Vervoer van cliënten|Medicatieveiligheid|Klachtenregeling|"
    "Integriteit en geschenken|Informatiebeveiliging|Thuiswerken|"
    "Werken met vrijwilligers|"
    "Meldingen incidenten|Beeldmateriaal van cliënten|Huisbezoeken|Crisisdienst|"
    "Gebruik van WhatsApp|Declaraties|Scholing en registratie|Rookbeleid|"
    "Alcohol en drugs|Vertrouwenspersoon|Bedrijfshulpverlening|Reiskosten|"
    "Sociale veiligheid|Bewaartermijnen|Toestemming ouders|Pleegcontracten|"
    "Overdracht tussen teams|Werken met tolken|Externe communicatie|Ziekteverzuim"
).split("|")

CONTENT = settings.BASE_DIR / "content" / "social-media.md"


def load(*, stdout=None) -> None:
    # The handbook first: the social-media text links to three of them.
    demo_handbook.load_texts(stdout=stdout)
    call_command(
        "import_guideline",
        CONTENT,
        slug="social-media",
        title="Richtlijnen social media",
        publish=True,
        questions=CONTENT.with_suffix(".questions.json"),
        if_missing=True,
        approved_by=accounts_demo.KWALITEIT_EMAIL,
        stdout=stdout,
    )


LARGE_TEXT = (
    "## Doel\n\nDeze richtlijn beschrijft hoe medewerkers van Sterk Huis "
    "omgaan met {topic}.\n\n## Afspraken\n\n"
    + "".join(
        f"### {n}. Afspraak {n}\n\nTekst van afspraak {n}.\n\n" for n in range(1, 9)
    )
)


@transaction.atomic
def load_large(
    *, staff: int, richtlijnen: int, stdout=None, prefix: str = "staff"
) -> None:
    rng = random.Random(2026)
    today = local_today()
    people = accounts_demo.load_large(
        staff=staff, rng=rng, stdout=stdout, prefix=prefix
    )
    if people is None:
        return
    departments, users, count = people.departments, people.users, people.count
    guidelines = _large_guidelines(richtlijnen=richtlijnen, prefix=prefix)
    _large_departments_choose(guidelines, departments, count=count, rng=rng)
    now = timezone.now()
    versions = _large_versions(guidelines, today=today, now=now, rng=rng)
    signed = _large_signatures(guidelines, versions, users, now=now, rng=rng)
    if connection.vendor == "postgresql":
        # Statistics for the rows just loaded, or the recount below is
        # planned as if the tables were empty (minutes instead of seconds).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    signatures_loaded.send(sender=Signature)
    if stdout:
        stdout.write(
            f"Large demo data: {len(departments)} departments, {len(users)} staff, "
            f"{len(guidelines)} richtlijnen, {len(versions)} versions, "
            f"{signed} signatures."
        )


def _large_guidelines(*, richtlijnen: int, prefix: str) -> list[Guideline]:
    """The richtlijnen, filed in the large chapters; every fourth is for
    some departments only."""
    chapters = large_chapters()
    return Guideline.objects.bulk_create(
        Guideline(
            slug=f"{'' if prefix == 'staff' else prefix + '-'}richtlijn-{g:03d}",
            title=TOPICS[g % len(TOPICS)] + ("" if g < len(TOPICS) else f" ({g})"),
            audience_all=g % 4 != 3,
            chapter=chapters[g % len(chapters)],
            code=(
                f"{'' if prefix == 'staff' else prefix.upper() + ' '}"
                f"KH {chapters[g % len(chapters)].number}.{g // len(chapters) + 1}"
            ),
        )
        for g in range(1, richtlijnen + 1)
    )


def _large_departments_choose(guidelines, departments, *, count: int, rng) -> None:
    """Three departments (at random) for each richtlijn not for everyone."""
    through = Guideline.departments.through
    through.objects.bulk_create(
        through(guideline=g, department=d)
        for g in guidelines
        if not g.audience_all
        for d in rng.sample(departments, k=min(3, count))
    )


def _large_versions(guidelines, *, today, now, rng) -> list[GuidelineVersion]:
    """One to five published versions of each richtlijn, some of them minor,
    a month or so apart, with their sections."""
    versions = []
    for g in guidelines:
        total = rng.randint(1, 5)
        base = 1
        for n in range(1, total + 1):
            minor = n > 1 and rng.random() < 0.3
            base = base if minor else n
            body = LARGE_TEXT.format(topic=g.title.lower()) + f"Versie {n}.\n"
            rendered = render_markdown(body)
            effective = today - datetime.timedelta(
                days=(total - n) * 30 + rng.randint(0, 20)
            )
            versions.append(
                GuidelineVersion(
                    guideline=g,
                    number=n,
                    status=VersionStatus.PUBLISHED,
                    body=body,
                    body_html=rendered.html,
                    toc_html=rendered.toc_html,
                    body_sha256=text_sha256(body),
                    is_minor=minor,
                    change_summary="" if n == 1 else "Bijgewerkt",
                    signatures_from_number=base,
                    effective_date=effective,
                    signing_deadline=effective + datetime.timedelta(days=14),
                    published_at=now,
                )
            )
    GuidelineVersion.objects.bulk_create(versions, batch_size=500)
    for version in versions:
        sections_store(version)  # what search finds
    return versions


def _large_signatures(guidelines, versions, users, *, now, rng) -> int:
    """Signatures of four in five of each newest version's audience, on the
    version its signatures count from; returns how many."""
    through = Guideline.departments.through
    audience_of = {}
    chosen = {}
    for g_id, d_id in through.objects.values_list("guideline_id", "department_id"):
        chosen.setdefault(g_id, set()).add(d_id)
    for g in guidelines:
        audience_of[g.pk] = [
            u
            for u in users
            if g.audience_all or u.department_id in chosen.get(g.pk, ())
        ]
    newest = {}
    for v in versions:
        if v.number > newest.get(v.guideline_id, (0, None))[0]:
            newest[v.guideline_id] = (v.number, v)
    signed = 0
    rows = []
    for _number, version in newest.values():
        target = next(
            v
            for v in versions
            if v.guideline_id == version.guideline_id
            and v.number == version.signatures_from_number
        )
        for user in audience_of[version.guideline_id]:
            if rng.random() < 0.8:
                rows.append(
                    (
                        user.pk,
                        target.pk,
                        now - datetime.timedelta(days=rng.randint(0, 10)),
                        target.body_sha256,
                    )
                )
        if len(rows) >= 50_000:
            signed += _insert_signatures(rows)
            rows = []
    return signed + _insert_signatures(rows)


LARGE_CHAPTERS = {
    5: "Zorg en begeleiding",
    6: "Veiligheid en incidenten",
    7: "Medewerkers",
    8: "Bedrijfsvoering",
    9: "Facilitair en huisvesting",
    10: "Financiën en administratie",
}


def large_chapters() -> list[Chapter]:
    """The chapters the large demo data files its richtlijnen in."""
    return [
        Chapter.objects.get_or_create(number=number, defaults={"title": title})[0]
        for number, title in LARGE_CHAPTERS.items()
    ]


def _insert_signatures(rows: list[tuple]) -> int:
    """Store (user id, version id, signed at, hash) rows: with PostgreSQL's
    COPY, which takes a million signatures in seconds, else in bulk."""
    fields = ["user", "version", "signed_at", "text_sha256", "attempts", "renewal"]
    if connection.vendor != "postgresql":
        Signature.objects.bulk_create(
            (
                Signature(user_id=u, version_id=v, signed_at=at, text_sha256=sha)
                for u, v, at, sha in rows
            ),
            batch_size=5000,
        )
        return len(rows)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Signature._meta.get_field(f).column) for f in fields)
    sql = f"COPY {quote(Signature._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, 1, 0))  # right the first time, a first signature
    return len(rows)
