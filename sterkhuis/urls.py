from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from sterkhuis import views

admin.site.site_header = "Sterk Huis · beheer"
admin.site.site_title = "Sterk Huis beheer"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("ping/", views.ping, name="ping"),
    path("accounts/", include("allauth.urls")),
    path("richtlijnen/", include("policy.urls")),
    path("meldingen/", include("reporting.urls")),
    path("naleving/", include("policy.compliance_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler500 = "sterkhuis.views.server_error"
# Refusals are recorded in the audit log; allauth looks up handler429 here.
handler403 = "audit.views.permission_denied"
handler429 = "audit.views.rate_limited"
