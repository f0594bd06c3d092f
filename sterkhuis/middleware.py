from __future__ import annotations

from django.conf import settings
from django.utils import translation


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
