"""The compliance tables moved from `policy` to this app without moving data."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from compliance.models import ComplianceCount, ExportLog

pytestmark = pytest.mark.django_db(transaction=True)

MOVING = {"policy", "compliance"}
BEFORE = [
    ("policy", "0016_resign_interval_and_job_titles"),
    ("compliance", None),
]


def test_rows_and_content_types_stay_when_the_models_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # Every other app as it is now, policy before the move.
    state = [
        *(n for n in executor.loader.graph.leaf_nodes() if n[0] not in MOVING),
        BEFORE[0],
    ]
    apps = executor.loader.project_state(state).apps
    User = apps.get_model("accounts", "User")
    Guideline = apps.get_model("policy", "Guideline")
    Version = apps.get_model("policy", "GuidelineVersion")
    OldExportLog = apps.get_model("policy", "ExportLog")
    OldCount = apps.get_model("policy", "ComplianceCount")
    user = User.objects.create(email="beleid@sterkhuis.nl")
    guideline = Guideline.objects.create(slug="social-media", title="Social media")
    version = Version.objects.create(guideline=guideline, body="Tekst.")
    OldExportLog.objects.create(
        user=user, kind="handtekeningen.csv", version=version, scope="Alles"
    )
    OldCount.objects.create(version=version, population="staff", audience=3, signed=2)
    assert ContentType.objects.filter(app_label="policy", model="exportlog").exists()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    log = ExportLog.objects.get()
    assert (log.user_id, log.version_id, log.scope) == (user.pk, version.pk, "Alles")
    count = ComplianceCount.objects.get()
    assert (count.audience, count.signed) == (3, 2)
    assert ContentType.objects.get_for_model(ExportLog).app_label == "compliance"
    assert not ContentType.objects.filter(
        app_label="policy", model="exportlog"
    ).exists()
