"""Requests that arrive at once, through gunicorn on PostgreSQL."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus

from django.test import Client

from policy.models import Signature

CSRF = "c" * 32  # an unmasked CSRF secret, sent as cookie and form field


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_fifty_simultaneous_sign_requests_store_one_signature(
    gunicorn_server, medewerker, publish
):
    version = publish()
    client = Client()
    client.force_login(medewerker)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": CSRF, "version": version.number, "confirmed": "on"}
    ).encode()
    url = f"{gunicorn_server}/richtlijnen/social-media/"
    opener = urllib.request.build_opener(NoRedirect())
    barrier = threading.Barrier(50)
    statuses: list[int] = []

    def sign():
        request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})
        barrier.wait()
        try:
            with opener.open(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=sign) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == 50
    assert set(statuses) <= {HTTPStatus.OK, HTTPStatus.FOUND}, statuses
    assert Signature.objects.filter(user=medewerker, version=version).count() == 1
