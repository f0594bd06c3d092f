from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from compliance.urls import signature_exports
from policy import urls as policy_urls
from sterkhuis import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("ping/", views.ping, name="ping"),
    # E-mail addresses come from HR (import_staff) and identify a person, also
    # for single sign-on: nobody adds or changes one through allauth's page.
    path("accounts/email/", views.email_addresses),
    path("accounts/", include("allauth.urls")),
    # Charts, the management report and the audit dossier, at their own
    # addresses beside the pages they are about (before those includes).
    path("", include("insight.urls")),
    # The richtlijnen's pages, and compliance's exports of their signatures.
    path(
        "richtlijnen/",
        include((policy_urls.urlpatterns + signature_exports, policy_urls.app_name)),
    ),
    path("meldingen/", include("reporting.urls")),
    path("naleving/", include("compliance.urls")),
    path("beoordelen/", include("policy.review_urls")),
    path("", include("guidance.urls")),  # /vragen/ and /zoeken/
    path("datalekken/", include("datalek.urls")),
    # The language can be chosen before logging in, on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler500 = "sterkhuis.views.server_error"
# Refusals are recorded in the audit log; allauth looks up handler429 here.
handler403 = "audit.views.permission_denied"
handler429 = "audit.views.rate_limited"
