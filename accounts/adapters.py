from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

from audit.models import Action
from audit.services import audit_record


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials) -> None:
        # allauth refuses a login after too many failures with a form error,
        # not through its 429 handler: record that refusal here.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            audit_record(
                action=Action.RATE_LIMITED,
                details={
                    "limit": "login_failed",
                    "email": str(credentials.get("email", ""))[:254],
                },
                request=request,
            )
            raise

    def is_open_for_signup(self, request) -> bool:
        # Accounts come from the HR administration; there is no public sign-up.
        return False
