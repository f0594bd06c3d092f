from __future__ import annotations

from django.urls import path

from insight import views

app_name = "insight"

# Included at the site's root: each page sits beside the pages it is about.
urlpatterns = [
    path("meldingen/overzicht/", views.signal_overview, name="signal_overview"),
    path(
        "naleving/rapport.pdf",
        views.management_report,
        {"extension": "pdf"},
        name="report_pdf",
    ),
    path(
        "naleving/rapport.xlsx",
        views.management_report,
        {"extension": "xlsx"},
        name="report_xlsx",
    ),
    path(
        "richtlijnen/<slug:slug>/auditdossier.zip",
        views.audit_dossier,
        name="audit_dossier",
    ),
]
