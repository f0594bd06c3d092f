"""Running the task worker as production does, once."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def run_worker() -> None:
    """`manage.py db_worker --batch`: every task that is due, then stop."""
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        stdout=StringIO(),
        stderr=StringIO(),
    )
