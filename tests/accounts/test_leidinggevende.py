"""A person's leidinggevende has one source: their department's manager."""

from __future__ import annotations

import pytest

from accounts import roles
from accounts.models import Department, User
from compliance.dashboard import compliance_scope

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
