from __future__ import annotations


def navigation(request):
    """The menu entry of the datalekregister, looked up only when a template
    asks (a callable is called by the template engine)."""
    user = getattr(request, "user", None)

    def show_breaches() -> bool:
        return bool(user and user.has_perm("datalek.view_register"))

    return {"show_breaches": show_breaches}
