"""Addresses of pages that lists show by the hundred, worked out once.

`reverse` walks the URL patterns each time it is called; a list of 100
departments or 30 richtlijnen would walk them 100 or 30 times per page. An
address depends only on the URL patterns (fixed while the worker runs), the
site's prefix and the arguments, so each worker remembers them.
"""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse


def remembered_reverse(name: str, *args) -> str:
    return _reverse(get_script_prefix(), name, args)


@functools.lru_cache(maxsize=4096)
def _reverse(script_prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)
