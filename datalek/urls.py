from __future__ import annotations

from django.urls import path

from datalek import views

app_name = "datalek"

urlpatterns = [
    path("", views.breach_list, name="list"),
    path("register.csv", views.breach_export, {"fmt": "csv"}, name="export_csv"),
    path("register.xlsx", views.breach_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<int:pk>/", views.breach_detail, name="detail"),
    path("melding/<int:pk>/", views.breach_for_signal, name="for_signal"),
]
