from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles

# Pages about a password or a second factor: partners in zorg have neither;
# the code by e-mail is how they log in.
PASSWORD_PAGES = ("account_change_password", "account_set_password")


class PartnerPasswordMiddleware:
    """Partners in zorg never get a password or an authenticator app: the
    pages that would set one up send them to the start page (allauth's
    adapter refuses a password change itself too, see accounts.adapters)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (
                request.path in {reverse(name) for name in PASSWORD_PAGES}
                or request.path.startswith(reverse("mfa_index"))
            )
            and roles.is_partner(user)
        ):
            messages.info(
                request,
                _(
                    "Je hebt geen wachtwoord nodig: je logt in met een code die "
                    "we je per e-mail sturen."
                ),
            )
            return redirect("home")
        return self.get_response(request)
