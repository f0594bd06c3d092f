from __future__ import annotations


def navigation(request):
    """Menu entries that depend on the user's role, looked up only when a
    template asks (a callable is called by the template engine)."""
    user = getattr(request, "user", None)

    def show_review() -> bool:
        return bool(
            user and user.is_authenticated and user.has_perm("policy.review_concepts")
        )

    return {"show_review": show_review}
