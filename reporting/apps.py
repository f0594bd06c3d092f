from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        from audit import events
        from reporting.audit_events import ReportingAction

        events.register(ReportingAction)
