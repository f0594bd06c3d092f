from __future__ import annotations

from django.urls import path

from policy import compliance_views as views

app_name = "compliance"

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
