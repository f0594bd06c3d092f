from __future__ import annotations

from django.urls import path

from policy import compliance_views, handbook_views, views

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
    path(
        "<slug:slug>/versies/<int:number>/handtekeningen.csv",
        compliance_views.signatures_export,
        name="signatures_csv",
    ),
    path(
        "<slug:slug>/versies/<int:number>/handtekeningen.xlsx",
        compliance_views.signatures_export,
        {"fmt": "xlsx"},
        name="signatures_xlsx",
    ),
]
