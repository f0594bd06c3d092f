from __future__ import annotations

from django.urls import path

from policy import review_views as views

app_name = "review"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:pk>/", views.review_detail, name="detail"),
]
