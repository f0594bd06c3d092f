from __future__ import annotations

import pytest

from accounts import roles


@pytest.fixture
def privacy_user(user_factory):
    return user_factory(
        email="privacy@sterkhuis.test", groups=[roles.MEDEWERKER, roles.PRIVACY]
    )
