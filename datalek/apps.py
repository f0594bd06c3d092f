from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatalekConfig(AppConfig):
    name = "datalek"
    verbose_name = _("Datalekken")

    def ready(self) -> None:
        from audit import events
        from datalek.audit_events import DatalekAction

        events.register(DatalekAction)
        # The register owns its records: it opens one when reporting says a
        # signal is a possible breach, and holds open ones back from the
        # signals' retention purge.
        from datalek import receivers
        from reporting import hooks

        hooks.possible_breach_raised.connect(
            receivers.open_breach, dispatch_uid="datalek.open_breach"
        )
        hooks.retention_holds.connect(
            receivers.hold_open_breaches, dispatch_uid="datalek.hold_open_breaches"
        )
