"""Accounts' rules for every request: idle sessions end, the admin needs a
second factor."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles, sessions


class SessionIdleTimeoutMiddleware:
    """End a logged-in session after SESSION_IDLE_TIMEOUT seconds without a
    request (see accounts.sessions).

    The session backend itself drops a session whose expiry has passed; the
    check here also covers backends that keep them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = sessions.idle_seconds(request.session, now)
            if idle is not None and idle > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif idle is None or idle >= settings.SESSION_IDLE_REFRESH:
                sessions.mark_active(request.session, now)
        return self.get_response(request)


class StaffMFAMiddleware:
    """Whoever can open the admin must have set up an authenticator app.

    Until they have, every admin page sends them to the page where they set
    it up. Logging out of the admin stays possible; the set-up pages, the
    login and static files are outside /admin/ anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path.startswith(reverse("admin:index"))
            and request.path != reverse("admin:logout")
            and user.is_authenticated
            and roles.can_open_admin(user)
            and not user.has_totp()
        ):
            messages.warning(
                request,
                _(
                    "Stel eerst tweestapsverificatie in met een authenticator-app. "
                    "Daarna kun je het beheer openen."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
