"""Demo data of the datalekregister: one possible breach, reported by the
demo employee (idempotent: it is made once)."""

from __future__ import annotations

from accounts.models import User
from reporting.models import Kind, Platform, Signal
from reporting.submission import signal_submit

TITLE = "Foto van een pleegkind in mijn Instagram-verhaal"


def load() -> None:
    reporter = User.objects.filter(email="medewerker@sterkhuis.test").first()
    if reporter is None or Signal.objects.filter(title=TITLE).exists():
        return
    signal_submit(
        reporter=reporter,
        kind=Kind.MISTAKE,
        title=TITLE,
        description=(
            "Op een foto van ons uitje was op de achtergrond een pleegkind te "
            "herkennen. Het verhaal stond er twee uur; ik heb het weggehaald."
        ),
        platform=Platform.INSTAGRAM,
        possible_breach=True,
    )
