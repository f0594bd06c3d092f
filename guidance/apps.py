from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    """Published questions ("mag ik dit plaatsen?") and search over the
    richtlijnen in force: finding the answer before having to ask."""

    name = "guidance"
    verbose_name = _("Vragen en zoeken")

    def ready(self) -> None:
        from guidance import receivers

        receivers.connect(self)
