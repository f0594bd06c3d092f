"""The portal's admin site, installed through `core.apps.PortalAdminConfig`."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from allauth.account.views import logout as account_logout
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache


class PortalAdminSite(admin.AdminSite):
    """One way in: the admin's own login form would skip allauth's rate
    limits and the second factor, so it sends everyone to allauth's login
    instead (a logged-in non-staff user gets 403). Logging out of the admin
    is allauth's logout too: GET asks for confirmation, POST logs out.

    Until a member of staff has set up an authenticator app, every admin page
    sends them to the set-up page (accounts.middleware.StaffMFAMiddleware).
    """

    site_header = _("Sterk Huis · beheer")
    site_title = _("Sterk Huis beheer")
    index_title = _("Beheer")

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)

    def logout(self, request, extra_context=None):
        return account_logout(request)
