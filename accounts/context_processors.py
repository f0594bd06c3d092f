from __future__ import annotations

from functools import cache

from accounts import roles


def partner(request):
    """`partner_contact`: a partner in zorg's contact person at Sterk Huis,
    None for staff and visitors; `is_partner`: whether the user is a partner
    in zorg (`roles.is_partner`). Looked up only when a template asks (the
    menu, the error pages), once per request."""
    user = getattr(request, "user", None)

    @cache
    def partner_contact():
        if user is None or not user.is_authenticated:
            return None
        return roles.contact_person_of(user)

    @cache
    def is_partner():
        return user is not None and roles.is_partner(user)

    return {"partner_contact": partner_contact, "is_partner": is_partner}
