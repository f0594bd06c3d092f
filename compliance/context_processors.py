from __future__ import annotations

from compliance.dashboard import may_see_compliance


def navigation(request):
    """The menu entry of the compliance pages, looked up only when a template
    asks (a callable is called by the template engine)."""
    user = getattr(request, "user", None)

    def show_compliance() -> bool:
        return bool(user and user.is_authenticated and may_see_compliance(user))

    return {"show_compliance": show_compliance}
