from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Medewerkers")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import sessions
        from accounts.audit_events import AccountsAction
        from audit import events

        events.register(AccountsAction)

        user_logged_in.connect(sessions.on_login, dispatch_uid="accounts.idle")
