"""Demo data: the agreements for partners in zorg, for partners only."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command

from accounts import demo as accounts_demo
from policy.models import Guideline

SLUG = "partners-in-zorg"
TITLE = "Afspraken voor partners in zorg"
CONTENT = settings.BASE_DIR / "content" / "partners-in-zorg.md"


def load(*, stdout=None) -> Guideline:
    """Publish `partners-in-zorg` as version 1 for partners in zorg only
    (idempotent: a second run finds the text in place and changes nothing)."""
    guideline, _created = Guideline.objects.get_or_create(
        slug=SLUG,
        defaults={"title": TITLE, "audience_all": False, "audience_partners": True},
    )
    call_command(
        "import_guideline",
        CONTENT,
        slug=SLUG,
        publish=True,
        approved_by=accounts_demo.KWALITEIT_EMAIL,
        stdout=stdout,
    )
    return guideline
