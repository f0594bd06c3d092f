"""The request for a login code (the partners' only door), as allauth's own
form but with its limits counted so that an outsider cannot keep a partner
out, and with the same work for an address with and without an account."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.internal.userkit import filter_users_by_email
from allauth.core import context, ratelimit
from django.conf import settings
from django.db import transaction

from audit.services import client_ip
from outbox import services as outbox


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if not email:
            return email
        request = context.request
        users = filter_users_by_email(
            email, is_active=True, prefer_verified=True, for_login=True
        )
        address = email.lower()
        # Per address and client together (like the password lock-out), so
        # requests from elsewhere do not use up the partner's own; then a
        # cap per address over every client, higher than one client can
        # reach, against filling a partner's mailbox from many places.
        allowed = ratelimit.consume(
            request,
            action="request_login_code",
            key=f"{address}:{client_ip(request) or 'unknown'}",
        ) and ratelimit.consume(
            request, action="request_login_code_address", key=address
        )
        if not allowed:
            raise get_adapter().validation_error("too_many_login_attempts")
        self._user = users[0] if users else None
        if self._user is None:
            _rehearse_code_mail(request, email)
        return email


class _Rehearsal(Exception):
    """Raised to roll back the code mail of an address without an account."""


def _rehearse_code_mail(request, email: str) -> None:
    """What the code mail costs, for an address that gets none: a code made,
    the message rendered and stored in the outbox with its delivery queued,
    exactly as for an account, in a transaction that is then rolled back, so
    nothing is kept or sent. The two paths then differ by a commit against a
    rollback, not by the statements they run (docs/performance.md)."""
    try:
        with transaction.atomic():
            outbox.send(
                "login_code",
                email,
                {
                    "email": email,
                    "code": get_adapter().generate_login_code(),
                    "code_minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
                },
            )
            raise _Rehearsal
    except _Rehearsal:
        pass
