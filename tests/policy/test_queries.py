"""Every policy page runs a fixed number of queries, whatever the data size."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from policy.models import Guideline, GuidelineVersion, Signature, VersionStatus

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("home"),
    reverse("policy:list"),
    reverse("policy:detail", args=["richtlijn-0"]),
    reverse("policy:versions", args=["richtlijn-0"]),
    reverse("policy:version", args=["richtlijn-0", 1]),
    reverse("policy:compare", args=["richtlijn-0", 1, 2]),
]


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


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_pages_run_the_same_queries_on_large_data(
    client, url, django_assert_max_num_queries
):
    user = build(guidelines=1, versions=2, users=1)
    client.force_login(user)
    small = count_queries(client, url)

    build(guidelines=49, versions=5, users=1999, offset=1)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert small <= 8, f"{url} runs {small} queries"
