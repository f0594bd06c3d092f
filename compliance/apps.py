from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Naleving")

    def ready(self) -> None:
        from compliance import receivers

        receivers.connect()
