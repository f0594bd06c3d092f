from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    """Infrastructure every app uses: background tasks, read-only admin
    mixins and the portal's admin site. It imports none of the other apps."""

    default = True  # the admin's config below is installed by its own path
    name = "core"


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's own site as `admin.site`."""

    default = False

    default_site = "core.sites.PortalAdminSite"
