from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = _("Richtlijnen")

    def ready(self) -> None:
        from audit import events
        from policy.audit_events import PolicyAction

        events.register(PolicyAction)
