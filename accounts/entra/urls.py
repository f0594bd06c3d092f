"""The OpenID Connect URLs, as allauth names and places them
(``/accounts/oidc/<provider_id>/login/`` and ``…/login/callback/``), served by
our views."""

from __future__ import annotations

from allauth.socialaccount import app_settings
from django.urls import include, path

from accounts.entra import views

urlpatterns = [
    path(
        f"{app_settings.OPENID_CONNECT_URL_PREFIX}/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
