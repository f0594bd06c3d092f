"""A small HTTP client for tests against real servers: cookies, CSRF, files;
and waiting for such a server to answer."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from django.test import Client

CSRF = "c" * 32  # an unmasked CSRF secret, sent as cookie and form field


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect())


def session_for(user) -> str:
    """A session cookie for `user`, made the way a login makes one."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def request(
    url: str,
    *,
    session: str | None = None,
    fields: dict | None = None,
    files: list[tuple[str, str, bytes, str]] = (),
    timeout: float = 60,
    headers: dict | None = None,
):
    """GET, or POST `fields` (and `files` as multipart). Returns
    (status, headers, body)."""
    cookie = f"csrftoken={CSRF}"
    if session:
        cookie += f"; sessionid={session}"
    all_headers = {"Cookie": cookie, **(headers or {})}
    data = None
    if fields is not None or files:
        fields = {"csrfmiddlewaretoken": CSRF, **(fields or {})}
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                    f"\r\n\r\n{value}\r\n".encode()
                )
            for name, filename, content, content_type in files:
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
                )
                parts.append(head.encode() + content + b"\r\n")
            parts.append(f"--{boundary}--\r\n".encode())
            data = b"".join(parts)
            all_headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(url, data=data, headers=all_headers)
    try:
        with _opener.open(req, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# Seconds a server may take to answer /health/ after starting (a busy machine
# boots workers slowly).
START_SECONDS = float(os.environ.get("TEST_GUNICORN_START_SECONDS", "30"))


def wait_until_up(
    url: str, server: subprocess.Popen, seconds: float = START_SECONDS
) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"{url} did not start")
            time.sleep(0.2)
