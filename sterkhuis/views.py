from __future__ import annotations

import sys
from http import HTTPStatus

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from accounts import roles
from outbox.models import Message
from policy.models import versions_in_force_for
from reporting.models import Signal

# The start page lists the first richtlijnen to sign, by deadline; the
# handbook's list shows them all.
TO_SIGN_SHOWN = 10


@require_GET
def home(request):
    versions = sorted(
        versions_in_force_for(request.user),
        key=lambda version: (version.signing_deadline, version.guideline.title),
    )
    to_sign = [v for v in versions if v.needs_signature]
    return render(
        request,
        "home.html",
        {
            "queue": Signal.objects.counts()
            if request.user.has_perm("reporting.triage_signals")
            else None,
            "to_sign": to_sign[:TO_SIGN_SHOWN],
            "to_sign_count": len(to_sign),
            "recent_signals": Signal.objects.of(request.user).order_by("-created_at")[
                :5
            ],
            "contact": roles.contact_person_of(request.user),
        },
    )


def email_addresses(request):
    """allauth's page to add and change e-mail addresses, switched off: the
    address is the one HR registered (see sterkhuis.urls)."""
    raise Http404


@require_GET
def ping(request):
    """The lightest logged-in page: the whole middleware stack, a session and
    the site layout, no queries of its own. The benchmark's baseline."""
    return render(request, "ping.html")


@login_not_required
@never_cache
@require_safe  # GET and HEAD: monitors check with HEAD
def health(request):
    """200 "ok" while the database answers, with the outbox's backlog on a
    second line while mail waits (a plain "ok" when none does, as monitors
    expect); 503 when the database is gone, or when a message about a
    possible breach has waited more than an hour (the 72-hour clock runs)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        backlog = Message.objects.backlog()
    except DatabaseError:
        return HttpResponse(
            "database unavailable",
            status=HTTPStatus.SERVICE_UNAVAILABLE,
            content_type="text/plain",
        )
    mail = (
        f"mail: {backlog['count']} undelivered, "
        f"oldest {backlog['oldest_minutes']} minutes"
    )
    if backlog["urgent_late"]:
        return HttpResponse(
            f"mail about a possible data breach waiting over an hour\n{mail}\n",
            status=HTTPStatus.SERVICE_UNAVAILABLE,
            content_type="text/plain",
        )
    body = f"ok\n{mail}\n" if backlog["count"] else "ok"
    return HttpResponse(body, content_type="text/plain")


def server_error(request):
    """The 500 handler; a lost database connection answers 503 instead.

    Rendered without the request context: while the database is down even
    `request.user` cannot be loaded, and this page must not fail in turn.
    The exception being handled is the one Django is turning into this page.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        response = HttpResponse(
            loader.render_to_string("503.html"),
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "30"
        return response
    return HttpResponse(
        loader.render_to_string("500.html"),
        status=HTTPStatus.INTERNAL_SERVER_ERROR,
    )
