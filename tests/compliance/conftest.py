"""Fixtures the tests of the compliance figures, pages and exports share."""

from __future__ import annotations

import pytest

from accounts import roles
from accounts.models import Department
from policy.services import signature_create


@pytest.fixture
def setup(user_factory, publish):
    """Two departments; Pleegzorg has two people, one of whom signed."""
    roles.ensure_groups()
    pleegzorg = Department.objects.create(name="Pleegzorg Noord")
    ambulant = Department.objects.create(name="Ambulant")
    boss = user_factory(groups=[roles.LEIDINGGEVENDE], department=pleegzorg)
    pleegzorg.manager = boss
    pleegzorg.save()
    mila = user_factory(department=pleegzorg, first_name="Mila", hr_manager=boss)
    sara = user_factory(department=pleegzorg, first_name="=Sara", hr_manager=boss)
    noor = user_factory(department=ambulant, first_name="Noor")
    version = publish(slug="social-media", title="Social media")
    signature_create(user=mila, version=version)
    signature_create(user=boss, version=version)
    return {
        "pleegzorg": pleegzorg,
        "ambulant": ambulant,
        "boss": boss,
        "mila": mila,
        "sara": sara,
        "noor": noor,
        "version": version,
        "beleid": user_factory(groups=[roles.BELEID], is_staff=True),
    }
