"""With DEBUG off the site refuses to start without SITE_URL: otherwise every
link in every mail would point at a development address."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-secret-key-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "portaal.sterkhuis.nl",
}
SHOW = "import django; django.setup(); from django.conf import settings; "


def _python(code: str, **env) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_TESTING", "SITE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "sterkhuis.settings", **env},
        cwd=settings.BASE_DIR,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_site_url():
    result = _python(SHOW + "print(settings.SITE_URL)", **PRODUCTION)
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_site_url_without_scheme_is_refused():
    result = _python(
        SHOW + "print(settings.SITE_URL)", **PRODUCTION, SITE_URL="portaal.nl"
    )
    assert result.returncode != 0
    assert "SITE_URL='portaal.nl'" in result.stderr


def test_site_url_is_read_and_development_has_a_default():
    result = _python(
        SHOW + "print(settings.SITE_URL)",
        **PRODUCTION,
        SITE_URL="https://portaal.sterkhuis.nl/",
    )
    assert result.stdout.strip() == "https://portaal.sterkhuis.nl"
    result = _python(SHOW + "print(settings.SITE_URL)", DEBUG="1")
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_log_lines_are_printed_once():
    code = (
        "import django; django.setup(); import logging; "
        "logging.getLogger('django.tasks').info('one line')"
    )
    result = _python(code, DEBUG="1")
    assert result.stderr.count("one line") == 1, result.stderr
