"""Sessions that end after a period without requests (SESSION_IDLE_TIMEOUT).

The time of the last request is kept in the session and its expiry set to the
idle timeout, moved forward at most once every SESSION_IDLE_REFRESH seconds:
reading pages then costs no session write, except once a minute.
"""

from __future__ import annotations

import time

from django.conf import settings

KEY = "_idle_seen"


def mark_active(session, now: int | None = None) -> None:
    session[KEY] = int(time.time()) if now is None else now
    session.set_expiry(settings.SESSION_IDLE_TIMEOUT)


def idle_seconds(session, now: int) -> int | None:
    seen = session.get(KEY)
    return None if seen is None else now - seen


def on_login(sender, request, user, **kwargs) -> None:
    # A login saves the session anyway: stamping it here spares the first
    # page after the login a session write of its own.
    mark_active(request.session)
