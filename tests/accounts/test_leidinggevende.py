"""A person's leidinggevende has one source: their department's manager."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts import roles
from accounts.models import Department, User
from policy.compliance import compliance_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(user_factory):
    pleegzorg = Department.objects.create(name="Pleegzorg")
    ambulant = Department.objects.create(name="Ambulant")
    boss = user_factory(department=pleegzorg, groups=[roles.LEIDINGGEVENDE])
    other_boss = user_factory(department=ambulant)
    pleegzorg.manager = boss
    pleegzorg.save()
    # HR names someone else; the department decides.
    mila = user_factory(department=pleegzorg, hr_manager=other_boss)
    noor = user_factory(department=ambulant, hr_manager=boss)
    return {"boss": boss, "mila": mila, "noor": noor, "other_boss": other_boss}


def test_the_department_manager_is_the_leidinggevende(teams):
    assert teams["mila"].leidinggevende == teams["boss"]
    assert teams["noor"].leidinggevende is None
    assert teams["boss"].leidinggevende is None  # never one's own
    assert list(User.objects.managed_by(teams["boss"])) == [teams["mila"]]


def test_compliance_sees_the_same_people(teams):
    boss = teams["boss"]
    seen = set(compliance_scope(boss).users())
    assert seen == {boss, *User.objects.managed_by(boss)}


BEFORE_RENAME = [("accounts", "0007_user_phone")]


@pytest.mark.django_db(transaction=True)
def test_migrations_give_departments_the_hr_manager_and_keep_it():
    """0003 gives a department without a manager the person most of its
    members report to; the rename to `hr_manager` keeps who that is. Run on
    the database as it was before the rename."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_RENAME)
    old = executor.loader.project_state(BEFORE_RENAME).apps
    OldUser = old.get_model("accounts", "User")
    OldDepartment = old.get_model("accounts", "Department")
    ambulant = OldDepartment.objects.create(name="Ambulant")
    boss = OldUser.objects.create(email="baas@sterkhuis.test")
    chief = OldUser.objects.create(email="chef@sterkhuis.test")
    pleegzorg = OldDepartment.objects.create(name="Pleegzorg", manager=chief)
    noor = OldUser.objects.create(
        email="noor@sterkhuis.test", department=ambulant, manager=boss
    )
    OldUser.objects.create(
        email="mila@sterkhuis.test", department=pleegzorg, manager=boss
    )
    migration = importlib.import_module(
        "accounts.migrations.0003_hr_manager_feeds_department"
    )
    migration.department_manager_from_reports(old, None)
    assert OldDepartment.objects.get(pk=ambulant.pk).manager_id == boss.pk
    assert OldDepartment.objects.get(pk=pleegzorg.pk).manager_id == chief.pk

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert User.objects.get(pk=noor.pk).hr_manager_id == boss.pk
    assert User.objects.get(pk=noor.pk).leidinggevende.pk == boss.pk
