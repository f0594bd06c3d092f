"""Refusals that the audit log records: 403, CSRF failures, rate limits."""

from __future__ import annotations

from http import HTTPStatus

from django.shortcuts import render

from audit.models import Action
from audit.services import refusal_record


def _where(request) -> dict:
    return {"method": request.method, "path": request.path[:500]}


def permission_denied(request, exception=None):
    """The 403 handler."""
    refusal_record(
        action=Action.ACCESS_DENIED, details=_where(request), request=request
    )
    return render(request, "403.html", status=HTTPStatus.FORBIDDEN)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: most often a form left open too long or sent twice."""
    refusal_record(
        action=Action.CSRF_FAILED,
        details={**_where(request), "reason": reason},
        request=request,
    )
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)


def rate_limited(request):
    """allauth's 429 handler (looked up as ROOT_URLCONF.handler429)."""
    refusal_record(action=Action.RATE_LIMITED, details=_where(request), request=request)
    return render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
