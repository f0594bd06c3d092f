from __future__ import annotations

from django.urls import path

from compliance import views

app_name = "compliance"

# Under /richtlijnen/ in the namespace `policy` (sterkhuis/urls.py): the
# signatures that count for a version, beside its other pages.
signature_exports = [
    path(
        "<slug:slug>/versies/<int:number>/handtekeningen.csv",
        views.signatures_export,
        name="signatures_csv",
    ),
    path(
        "<slug:slug>/versies/<int:number>/handtekeningen.xlsx",
        views.signatures_export,
        {"fmt": "xlsx"},
        name="signatures_xlsx",
    ),
]

urlpatterns = [
    path("", views.overview, name="overview"),
    path("afdelingen/<int:pk>/", views.department_detail, name="department"),
    path("medewerkers/<int:pk>/", views.person_detail, name="person"),
    path("<slug:slug>/", views.guideline_detail, name="guideline"),
    path(
        "<slug:slug>/versies/<int:number>/niet-getekend.csv",
        views.unsigned_export,
        {"fmt": "csv"},
        name="unsigned_csv",
    ),
    path(
        "<slug:slug>/versies/<int:number>/niet-getekend.xlsx",
        views.unsigned_export,
        {"fmt": "xlsx"},
        name="unsigned_xlsx",
    ),
]
