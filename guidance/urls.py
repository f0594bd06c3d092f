from __future__ import annotations

from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("vragen/", views.question_list, name="questions"),
    path("zoeken/", views.search_view, name="search"),
]
