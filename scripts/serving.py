"""Helpers shared by the scripts that start the site and drive it."""

from __future__ import annotations

import time
import urllib.request


def wait_for(url: str, seconds: float = 30) -> None:
    """Return once `url` answers; stop the script if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")
