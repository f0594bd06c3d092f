"""Each app's migrations are one chain, numbered once: no two files share a
number and none merges two branches. The test database itself is built by
running every chain from its 0001, as a new installation is."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = [
    "accounts",
    "audit",
    "compliance",
    "datalek",
    "guidance",
    "outbox",
    "policy",
    "reporting",
]


def _ours(loader: MigrationLoader):
    return {
        key: migration
        for key, migration in loader.disk_migrations.items()
        if key[0] in PROJECT_APPS
    }


@pytest.mark.parametrize("app", PROJECT_APPS)
def test_each_number_is_used_once_and_nothing_merges(app):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = [name for (label, name) in _ours(loader) if label == app]
    numbers = Counter(name.split("_", 1)[0] for name in names)
    assert names, f"{app} has no migrations"
    assert [n for n, times in numbers.items() if times > 1] == []
    assert sorted(numbers) == [f"{i:04d}" for i in range(1, len(numbers) + 1)]
    for (label, name), migration in _ours(loader).items():
        if label != app:
            continue
        same_app = [dep for dep in migration.dependencies if dep[0] == app]
        assert len(same_app) <= 1, f"{name} merges {same_app}"


@pytest.mark.django_db
def test_the_models_and_the_chains_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_the_database_was_built_by_every_chain():
    applied = MigrationLoader(connection).applied_migrations
    for app in PROJECT_APPS:
        assert (app, "0001_initial") in applied, app
