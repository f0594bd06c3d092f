#!/usr/bin/env python3
"""`make code-door-timing`: does asking a login code take as long for an
address without an account as for a partner's?

Builds a throwaway test database (SQLite in memory, or `test_<name>` on the
PostgreSQL of DATABASE_URL), makes one partner in zorg, and posts the code
form through Django's test client for the partner's address and for unknown
addresses, taking turns, each from a fresh session. Mail takes the
production path: stored in the outbox, its delivery queued in the database
(`django_tasks_db`). The rate limits are off for the run, so every request
does the full work. Prints the median and the 90th percentile per path and
writes them into the section of docs/performance.md between its markers
(`make bench` keeps that section).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

START = "<!-- code-door-timing: written by scripts/code_door_timing.py -->"
END = "<!-- /code-door-timing -->"
REQUEST = "/accounts/login/code/"


def measure(count: int) -> dict[str, list[float]]:
    from django.test import Client, override_settings

    from accounts.models import User
    from accounts.partners import partner_create

    contact = User.objects.create_user(email="contact@sterkhuis.test", password=None)
    partner = partner_create(
        email="pleegouder@example.nl",
        first_name="Anna",
        last_name="de Boer",
        contact_person=contact,
        send_invite=False,
    )
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    with override_settings(ACCOUNT_RATE_LIMITS=False):
        for n in range(-20, count):  # 20 rounds to warm up, not counted
            for path, email in (
                ("known", partner.email),
                ("unknown", f"niemand{n + 20}@example.nl"),
            ):
                client = Client(REMOTE_ADDR=f"192.0.2.{n % 200 + 1}")
                start = time.perf_counter()
                response = client.post(REQUEST, {"email": email})
                elapsed = time.perf_counter() - start
                assert response.status_code == 302, response.status_code
                if n >= 0:
                    times[path].append(elapsed * 1000)
    from outbox.models import Message

    # Each request for the partner stored a code mail, none for the others.
    assert Message.objects.filter(to=partner.email).count() == count + 20
    assert Message.objects.count() == count + 20
    return times


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def section(times: dict[str, list[float]], engine: str, note: str) -> list[str]:
    rows = [
        f"| {label} | {len(times[path])} | {statistics.median(times[path]):.2f} "
        f"| {p90(times[path]):.2f} |"
        for path, label in (("known", "a partner's address"), ("unknown", "unknown"))
    ]
    gap = statistics.median(times["known"]) - statistics.median(times["unknown"])
    return [
        START,
        "## The code door: known and unknown addresses",
        "",
        f"Measured {datetime.date.today():%Y-%m-%d} on {engine} by "
        "`make code-door-timing` (`scripts/code_door_timing.py`): POSTs to "
        f"`{REQUEST}` through Django's test client, the two paths taking turns, "
        "each from a fresh session, rate limits off, mail stored in the outbox "
        "with its delivery queued in the database. Times in ms.",
        "",
        "| address | requests | median | p90 |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        f"Difference of the medians (known − unknown): {gap:+.2f} ms. {note}".strip(),
        END,
    ]


def kept_section(text: str) -> str:
    """The section between the markers in `text`, or ""."""
    if START not in text or END not in text:
        return ""
    return START + text.split(START, 1)[1].split(END, 1)[0] + END


def with_section(text: str, block: str) -> str:
    """`text` with `block` in place of its section, or before "## Settings"
    (`make bench` rewrites the page and puts the kept section back so)."""
    if not block:
        return text
    if START in text and END in text:
        before, rest = text.split(START, 1)
        return before + block + rest.split(END, 1)[1]
    marker = "\n## Settings\n"
    head, _, tail = text.partition(marker)
    return f"{head}\n{block}\n{marker}{tail}" if tail else f"{text}\n{block}\n"


def write(doc: Path, lines: list[str]) -> None:
    text = doc.read_text() if doc.exists() else ""
    doc.write_text(with_section(text, "\n".join(lines)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per path")
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    parser.add_argument("--note", default="", help="a sentence for the page")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sterkhuis.settings_test"
    # Production's mail path: a stored message and a queued task per code.
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        times = measure(args.requests)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
        teardown_test_environment()
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    lines = section(times, engine, args.note)
    print("\n".join(lines[1:-1]))
    if not args.no_write:
        write(args.output, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
