"""The admin wears the portal's favicon, name and colours."""

from __future__ import annotations

from django.urls import reverse


def test_admin_pages_have_the_portal_favicon_and_name(pr_client):
    for url in [
        reverse("admin:index"),
        reverse("admin:reporting_signal_changelist"),
        reverse("admin:reporting_standardanswer_add"),
    ]:
        page = pr_client.get(url).text
        assert 'rel="icon" href="/static/img/favicon.svg"' in page, url
        assert "css/admin-portal.css" in page, url
        assert "Sterk Huis · beheer" in page, url
        assert "Django-beheer" not in page, url
