from __future__ import annotations

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Auditlog")

    def ready(self) -> None:
        from audit import events, receivers
        from audit.models import Action

        events.register(Action)
        receivers.connect_auth()
        # allauth.mfa's signals module imports its models, which refuse to load
        # unless the app is installed.
        if apps.is_installed("allauth.mfa"):
            receivers.connect_mfa()
