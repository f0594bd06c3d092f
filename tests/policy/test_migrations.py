"""Data steps of policy's migrations, run on a database at the state before."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("policy", "0004_drop_view_compliance_permission")]
AFTER = [("policy", "0006_review_cycle")]


def test_older_duplicate_concepts_go_and_review_dates_are_set():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Guideline = apps.get_model("policy", "Guideline")
    Version = apps.get_model("policy", "GuidelineVersion")
    guideline = Guideline.objects.create(slug="social-media", title="Social media")
    Version.objects.create(
        guideline=guideline,
        number=1,
        status="gepubliceerd",
        body="Tekst.",
        body_sha256="a" * 64,
        effective_date=datetime.date(2026, 3, 31),
        published_at=timezone.now(),
        signatures_from_number=1,
    )
    Version.objects.create(guideline=guideline, body="Oud concept.")
    newest = Version.objects.create(guideline=guideline, body="Nieuw concept.")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Version = apps.get_model("policy", "GuidelineVersion")
    Guideline = apps.get_model("policy", "Guideline")

    concepts = Version.objects.filter(status="concept")
    assert list(concepts.values_list("pk", flat=True)) == [newest.pk]
    assert Guideline.objects.get().review_due == datetime.date(2027, 3, 31)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
