from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from policy.models import GuidelineVersion, VersionStatus
from policy.services import version_create_draft

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(
        GuidelineVersion.objects.order_by("pk").values_list(
            "pk", "number", "status", "body", "change_summary"
        )
    )


def test_demo_again_leaves_editors_concept_and_newer_versions_alone(
    approve_and_publish,
):
    call_command("demo", stdout=StringIO())
    editor = User.objects.get(email="beleid@sterkhuis.test")
    first = GuidelineVersion.objects.get(guideline__slug="social-media")

    draft = version_create_draft(guideline=first.guideline, user=editor)
    draft.body += "\n\nEen nieuwe alinea.\n"
    draft.save()
    second = approve_and_publish(
        draft, user=editor, change_summary="Alinea toegevoegd."
    )
    concept = version_create_draft(guideline=first.guideline, user=editor)
    concept.body += "\n\nNog niet klaar.\n"
    concept.save()
    before = _snapshot()

    out = StringIO()
    call_command("demo", stdout=out)

    assert _snapshot() == before
    assert "left as it is" in out.getvalue()
    assert second.number == 2
    assert first.guideline.version_in_force() == second
    assert GuidelineVersion.objects.get(pk=concept.pk).status == VersionStatus.CONCEPT
