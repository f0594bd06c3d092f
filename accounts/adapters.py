from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Accounts come from the HR administration; there is no public sign-up.
        return False


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Je kunt tweestapsverificatie niet uitschakelen: wie het beheer kan "
            "openen, heeft die altijd nodig."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The admin requires an authenticator app: staff cannot switch it off
        # themselves (a superuser can remove it in the admin, e.g. when a
        # phone is lost, after which the next admin visit asks to set it up).
        if (
            authenticator.type == Authenticator.Type.TOTP
            and authenticator.user.is_staff
        ):
            return False
        return super().can_delete_authenticator(authenticator)
