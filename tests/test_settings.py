"""Settings refuse what they do not understand, and the test suite chooses
its own settings instead of being guessed from the modules loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings


def _python(code: str, **env) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_TESTING", "SECRET_KEY"}
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


def test_the_suite_runs_on_its_own_settings():
    assert settings.TESTING is True
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    # The servers and commands tests start get the site's own settings.
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "sterkhuis.settings"
    assert "DJANGO_TESTING" not in os.environ


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" ON ", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("Off", False),
    ],
)
def test_yes_and_no_are_understood_in_any_case(value, expected):
    result = _python(
        "import json; from sterkhuis import settings as s;"
        "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE]))",
        DEBUG="1",
        SESSION_COOKIE_SECURE=value,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, expected]


def test_an_empty_value_means_the_default():
    result = _python(
        "import json; from sterkhuis import settings as s;"
        "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE]))",
        DEBUG="1",
        SESSION_COOKIE_SECURE="",
    )
    assert result.returncode == 0, result.stderr
    # With DEBUG on, the secure cookie is off unless asked for.
    assert json.loads(result.stdout) == [True, False]


@pytest.mark.parametrize("value", ["ture", "2", "ja", "enabled"])
def test_an_unknown_yes_or_no_is_refused(value):
    result = _python("import django; django.setup()", DEBUG=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"DEBUG={value!r}" in result.stderr


@pytest.mark.parametrize("value", ["ten", "1.5", "30s"])
def test_a_number_that_is_not_a_whole_number_is_refused(value):
    result = _python(
        "import django; django.setup()", DEBUG="1", UPLOAD_CHECK_SECONDS=value
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"UPLOAD_CHECK_SECONDS={value!r}: use a whole number" in result.stderr


def test_a_whole_number_is_read_and_empty_means_the_default():
    result = _python(
        "import json; from sterkhuis import settings as s;"
        "print(json.dumps([s.UPLOAD_CHECK_SECONDS, s.UPLOAD_PDF_SECONDS]))",
        DEBUG="1",
        UPLOAD_CHECK_SECONDS=" 12 ",
        UPLOAD_PDF_SECONDS="",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [12, 3]


def test_the_production_guard_holds_with_pytest_loaded():
    # Loading pytest (as a script or a shell might) does not switch the
    # guard off: only the test suite's settings do.
    result = _python(
        "import pytest, django; django.setup()",
        DEBUG="0",
        ALLOWED_HOSTS="portaal.sterkhuis.nl",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
