from __future__ import annotations

from django.urls import path

from reporting import principle_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_create, name="create"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("bijlagen/<uuid:key>/", views.attachment_download, name="attachment"),
    path("beginselen/", principle_views.principle_counts, name="principles"),
]
