from __future__ import annotations

from accounts.roles import may_see_breaches


def navigation(request):
    """The menu entry of the datalekregister, looked up only when a template
    asks (a callable is called by the template engine)."""
    user = getattr(request, "user", None)

    def show_breaches() -> bool:
        return bool(user and may_see_breaches(user))

    return {"show_breaches": show_breaches}
