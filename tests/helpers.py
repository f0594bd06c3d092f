"""Plain functions and values that tests in several files share; fixtures
live in the conftest.py files."""

from __future__ import annotations

import datetime
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

PASSWORD = "a-good-test-password"
# Staff made by `user_factory` get an authenticator app with this secret, as
# the admin requires one; tests compute its codes with `totp_code()`.
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, *, offset: int = 0) -> str:
    """The code an authenticator app with `secret` shows now (or `offset`
    periods later), computed by allauth's own TOTP functions."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def logged_in(user) -> Client:
    """A client logged in as `user` (without the login page)."""
    client = Client()
    client.force_login(user)
    return client


def count_queries(client, url: str) -> int:
    """The queries a GET of `url` runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def bulk_handbook(count: int, chapters: int) -> None:
    """`count` more published richtlijnen over `chapters` chapters, in bulk
    (without their figures: `figures_refresh` counts them)."""
    from policy.models import Chapter, Guideline, GuidelineVersion, VersionStatus

    rows = [
        Chapter.objects.get_or_create(number=n, defaults={"title": f"Deel {n}"})[0]
        for n in range(1, chapters + 1)
    ]
    offset = Guideline.objects.count()
    guidelines = Guideline.objects.bulk_create(
        Guideline(
            slug=f"richtlijn-{offset + g}",
            title=f"Richtlijn {offset + g:03d}",
            chapter=rows[g % chapters],
            code=f"KH {rows[g % chapters].number}.{offset + g}",
        )
        for g in range(count)
    )
    today = timezone.localdate()
    GuidelineVersion.objects.bulk_create(
        GuidelineVersion(
            guideline=g,
            number=1,
            status=VersionStatus.PUBLISHED,
            body="## Doel\n\nTekst.\n",
            body_html='<h2 id="doel">Doel</h2><p>Tekst.</p>',
            body_sha256="0" * 64,
            signatures_from_number=1,
            effective_date=today - datetime.timedelta(days=3),
            signing_deadline=today + datetime.timedelta(days=10),
            published_at=timezone.now(),
        )
        for g in guidelines
    )
