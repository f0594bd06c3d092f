from __future__ import annotations

from django.urls import path

from policy import handbook_views, views

app_name = "policy"

urlpatterns = [
    path("", views.guideline_list, name="list"),
    # Before the richtlijn's own pages: "archief" is no slug (RESERVED_SLUGS).
    path("archief/", handbook_views.archive, name="archive"),
    path("archief/<slug:slug>/", handbook_views.archive_detail, name="archive_detail"),
    path("<slug:slug>/", views.guideline_detail, name="detail"),
    path("<slug:slug>/versies/", views.version_list, name="versions"),
    path("<slug:slug>/versies/<int:number>/", views.version_detail, name="version"),
    path(
        "<slug:slug>/versies/<int:number>/vergelijk/<int:other>/",
        views.version_compare,
        name="compare",
    ),
    # The signatures' exports (policy:signatures_csv, policy:signatures_xlsx)
    # are compliance's pages under this prefix: sterkhuis/urls.py adds
    # `compliance.urls.signature_exports` to this namespace.
]
