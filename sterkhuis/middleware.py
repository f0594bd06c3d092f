from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import sessions


class LanguageMiddleware:
    """Dutch for everyone, English for those who choose it.

    Django's LocaleMiddleware follows the browser's Accept-Language; staff
    on an English-language laptop would then get a half-English portal. Here
    only an explicit choice (the language cookie set by the footer form)
    switches the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


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
            and user.is_staff
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


class PrivateCacheMiddleware:
    """Pages for a logged-in user hold personal data: no shared cache or
    browser history cache may keep them. A view that set its own
    Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and "Cache-Control" not in response.headers
        ):
            response.headers["Cache-Control"] = "private, no-store"
        return response
