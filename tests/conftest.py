from __future__ import annotations

import os
import shutil

import pytest
from django.db import connection

from accounts import roles
from accounts.models import Department, User
from accounts.services import totp_authenticator_set
from policy.models import Guideline, GuidelineVersion
from policy.services import version_publish
from tests.helpers import PASSWORD, TOTP_SECRET

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run inside one unless told it is safe (it is: one thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# This process runs on sterkhuis.settings_test (pyproject.toml); the servers
# and commands that tests start run the site's own settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "sterkhuis.settings"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _dutch():
    """Every test starts in the site's language: a request in English (the
    test client) leaves English active in the thread that ran it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Tests that commit (live server, several processes) leave rows in the
    database cache that no rollback removes: empty it before and after them,
    so no other test reads their cached figures or rate-limit counts."""
    marker = request.node.get_closest_marker("django_db")
    commits = bool(marker and marker.kwargs.get("transaction"))
    if not (commits or "transactional_db" in request.fixturenames):
        yield
        return

    def clear():
        from django.core.cache import cache

        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()

    clear()
    yield
    clear()


@pytest.fixture
def department(db) -> Department:
    return Department.objects.create(name="Pleegzorg")


@pytest.fixture
def user_factory(db):
    counter = iter(range(1, 1_000_000))

    def make(
        *, groups: list[str] = (), department=None, totp: bool | None = None, **extra
    ) -> User:
        """A user; staff (is_staff) get an authenticator app with TOTP_SECRET
        unless `totp=False`."""
        n = next(counter)
        extra.setdefault("email", f"medewerker{n}@sterkhuis.test")
        extra.setdefault("first_name", f"Voornaam{n}")
        extra.setdefault("last_name", f"Achternaam{n}")
        user = User.objects.create_user(
            password=PASSWORD, department=department, **extra
        )
        if groups:
            roles.ensure_groups()
            from django.contrib.auth.models import Group

            user.groups.set(Group.objects.filter(name__in=groups))
        if totp if totp is not None else user.is_staff:
            totp_authenticator_set(user=user, secret=TOTP_SECRET)
        return user

    return make


@pytest.fixture
def partner_factory(db, user_factory):
    """A partner in zorg: no password, a contact person (made when not given)."""
    from accounts.partners import partner_create

    counter = iter(range(1, 1_000_000))

    def make(*, contact_person=None, **extra) -> User:
        n = next(counter)
        return partner_create(
            email=extra.pop("email", f"pleegouder{n}@example.test"),
            first_name=extra.pop("first_name", f"Partner{n}"),
            last_name=extra.pop("last_name", f"Achternaam{n}"),
            contact_person=contact_person or user_factory(),
            send_invite=extra.pop("send_invite", False),
        )

    return make


@pytest.fixture
def partner(partner_factory, medewerker) -> User:
    return partner_factory(contact_person=medewerker, email="pleegouder@example.test")


@pytest.fixture
def medewerker(user_factory, department) -> User:
    return user_factory(department=department)


@pytest.fixture
def beleid(user_factory) -> User:
    return user_factory(groups=[roles.BELEID], is_staff=True)


@pytest.fixture
def pr_user(user_factory) -> User:
    return user_factory(groups=[roles.PR], is_staff=True)


@pytest.fixture
def pr_client(client, pr_user):
    client.force_login(pr_user)
    return client


@pytest.fixture
def medewerker_client(client, medewerker):
    client.force_login(medewerker)
    return client


@pytest.fixture
def beleid_client(client, beleid):
    client.force_login(beleid)
    return client


@pytest.fixture
def kwaliteit(user_factory) -> User:
    """The quality officer: approves concepts (four eyes); the demo's
    account when the demo data is loaded."""
    demo = User.objects.filter(email="kwaliteit@sterkhuis.test").first()
    return demo or user_factory(
        groups=[roles.MEDEWERKER, roles.KWALITEIT],
        is_staff=True,
        email="kwaliteit@sterkhuis.test",
        first_name="Kim",
        last_name="Koster",
    )


@pytest.fixture
def approve(kwaliteit):
    """Record the four-eyes approval of a concept as it is now, through the
    real services: Beleid (`by`, default the concept's author or a new
    colleague) asks, `reviewer` (default the quality officer) approves."""
    from policy.approval import content_sha256
    from policy.services import review_decide, review_request

    def do(concept: GuidelineVersion, *, by=None, reviewer=None):
        reviewer = reviewer or kwaliteit
        by = by or concept.created_by or _beleid_colleague()
        request = review_request(version=concept, user=by, reviewer=reviewer)
        return review_decide(
            request=request,
            user=reviewer,
            decision="approve",
            seen_sha256=content_sha256(concept),
        )

    return do


def _beleid_colleague() -> User:
    roles.ensure_groups()
    user, created = User.objects.get_or_create(
        email="auteur@sterkhuis.test",
        defaults={"first_name": "Anna", "last_name": "Auteur", "is_active": False},
    )
    return user


@pytest.fixture
def approve_and_publish(approve):
    """Publish a concept the way the portal allows: approved first by the
    quality officer, then published by `user` (its author by default)."""

    def do(concept: GuidelineVersion, *, user=None, reviewer=None, **options):
        approve(concept, by=user, reviewer=reviewer)
        return version_publish(
            version=concept, user=user or concept.created_by, **options
        )

    return do


@pytest.fixture
def publish():
    """Publish a new version of a richtlijn (created on first use).

    Set-up for tests about what happens after publication: it publishes as
    `import_guideline --publish` does, without the four-eyes approval
    (recorded as such). Tests of publishing use `approve_and_publish`."""

    def do(
        slug: str = "social-media",
        body: str = "## Inleiding\n\nGebruik je gezond verstand.\n",
        *,
        title: str | None = None,
        summary: str = "",
        minor: bool = False,
        effective_date=None,
        questions=(),
    ) -> GuidelineVersion:
        """`questions`: scenario questions (field values) for the concept."""
        guideline, _ = Guideline.objects.get_or_create(
            slug=slug, defaults={"title": title or slug.replace("-", " ").title()}
        )
        if guideline.versions.exists() and not summary:
            summary = "Tekst aangepast."
        draft = GuidelineVersion.objects.create(guideline=guideline, body=body)
        for position, question in enumerate(questions):
            draft.questions.create(position=position, **question)
        return version_publish(
            version=draft,
            user=None,
            change_summary=summary,
            is_minor=minor,
            effective_date=effective_date,
            approval_waived=True,
        )

    return do


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run this test on PostgreSQL (set DATABASE_URL).")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


# --- Browser tests -----------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI must run the browser tests: {CHROMIUM} is missing.")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def csp_violations(page):
    """Collect Content-Security-Policy violations the browser reports.

    Tests that use a page assert this stays empty, so a template with an
    inline script or style fails the suite instead of silently breaking.
    """
    violations: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in (
            message.text
        ):
            violations.append(message.text)

    page.on("console", on_console)
    return violations
