"""The test suite's settings, selected in pyproject.toml: the site's settings
with the production guard stepped aside, plus the test-only values.

The servers and commands that tests start as subprocesses run the site's own
settings (tests/conftest.py points DJANGO_SETTINGS_MODULE back at them), so
DJANGO_TESTING is set only while the site's settings are read here.
"""

from __future__ import annotations

import os

os.environ["DJANGO_TESTING"] = "1"
try:
    from sterkhuis.settings import *  # noqa: F403
finally:
    del os.environ["DJANGO_TESTING"]

# Fast hashing for tests; PBKDF2 too, for accounts that a test's gunicorn
# (with production settings) must log in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
SECURE_SSL_REDIRECT = False
