from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from sterkhuis import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("ping/", views.ping, name="ping"),
    path("accounts/", include("allauth.urls")),
    path("richtlijnen/", include("policy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler500 = "sterkhuis.views.server_error"
