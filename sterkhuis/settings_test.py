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

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file rather than memory, so that the gunicorn servers and threads of
    # the concurrency tests share the test database on SQLite as they do on
    # PostgreSQL. In /dev/shm where there is one (memory, no disk writes),
    # named after the worktree so that checkouts side by side do not meet.
    import tempfile
    from pathlib import Path

    _shm = Path("/dev/shm")
    _dir = _shm if _shm.is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("TEST_SQLITE_PATH")
        or str(_dir / f"test-{BASE_DIR.name}.sqlite3")  # noqa: F405
    }
