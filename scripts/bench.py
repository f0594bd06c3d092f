#!/usr/bin/env python3
"""`make bench`: throughput and latency of the portal's pages under gunicorn.

For each data size (50 and 5,000 staff) it builds the demo data, starts
gunicorn with production settings on 127.0.0.1 (PostgreSQL when DATABASE_URL
is set, else a SQLite file), logs in and drives every page with wrk. It prints
a table and writes docs/performance.md.

wrk rather than locust: wrk is a small C program, so on a two-core machine it
leaves nearly all CPU to the server being measured; a Python load generator
would take a core of its own and measure itself.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "18090"))
BASE = f"http://127.0.0.1:{PORT}"
LUA = ROOT / "scripts" / "bench.lua"

# (label, path, user, method). The first row is the baseline.
PAGES = [
    ("baseline: /ping/", "/ping/", "medewerker", "GET"),
    ("start /", "/", "medewerker", "GET"),
    ("/richtlijnen/", "/richtlijnen/", "medewerker", "GET"),
    ("/richtlijnen/social-media/", "/richtlijnen/social-media/", "medewerker", "GET"),
    (
        "compare v1 → v2",
        "/richtlijnen/social-media/versies/1/vergelijk/2/",
        "medewerker",
        "GET",
    ),
]
OPTIONAL_PAGES = [
    ("/naleving/", "/naleving/", "beleid", "GET"),
    ("submit a signal", "/meldingen/nieuw/", "medewerker", "SIGNAL"),
]


@dataclass
class Result:
    label: str
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int


def manage(env: dict, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, input=stdin,
    ).stdout  # fmt: skip


SESSION_CODE = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from accounts.models import User
for name in ("medewerker", "beleid"):
    user = User.objects.get(email=f"{name}@sterkhuis.test")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(name, session.session_key, _get_new_csrf_string())
"""

SECOND_VERSION_CODE = """
from policy.models import Guideline, GuidelineVersion
from policy.services import version_publish
g = Guideline.objects.get(slug="social-media")
if not g.versions.filter(number=2).exists():
    v1 = g.versions.get(number=1)
    body = v1.body.replace("Vermeld nooit namen van cliënten.",
                           "Vermeld nooit namen of foto's van cliënten.")
    draft = GuidelineVersion.objects.create(guideline=g, body=body)
    version_publish(version=draft, user=None, change_summary="Foto's genoemd")
print("ok")
"""


def urls_exist(env: dict) -> set[str]:
    code = (
        "from django.urls import resolve, Resolver404\n"
        f"for path in {[p for _, p, _, _ in OPTIONAL_PAGES]!r}:\n"
        "    try:\n        resolve(path); print(path)\n"
        "    except Resolver404:\n        pass\n"
    )
    return set(manage(env, "shell", "--no-imports", "-c", code).split())


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def wrk(path: str, cookie: str, csrf: str, method: str, seconds: int, conns: int):
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_CSRF": csrf}
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(conns), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(LUA), "-H", f"Cookie: sessionid={cookie}; csrftoken={csrf}",
         BASE + path],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    match = re.search(r"^RESULT (.+)$", out, re.M)
    if not match:
        raise SystemExit(f"wrk gave no result for {path}:\n{out}")
    requests, errors, p50, p95, p99, duration = (float(x) for x in match[1].split())
    return requests, errors, p50 / 1000, p95 / 1000, p99 / 1000, duration / 1e6


def worker_peak_memory(master: int) -> int:
    peak = 0
    for pid in subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split():
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        peak = max(peak, int(match[1]) if match else 0)
    return peak


def run_scale(args, staff: int, richtlijnen: int, extra_env: dict) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        **extra_env,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        manage(env, "flush", "--no-input")
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input")
    demo_env = {**env, "DEBUG": "1"}
    started = time.monotonic()
    try:
        manage(
            demo_env, "demo", "--staff", str(staff), "--richtlijnen", str(richtlijnen)
        )
    except subprocess.CalledProcessError:
        manage(demo_env, "demo")  # a demo without the scale options
    build = time.monotonic() - started
    manage(env, "shell", "--no-imports", "-c", SECOND_VERSION_CODE)
    sessions = {}
    for line in manage(env, "shell", "--no-imports", "-c", SESSION_CODE).split("\n"):
        if line.strip():
            name, key, csrf = line.split()
            sessions[name] = (key, csrf)
    pages = PAGES + [p for p in OPTIONAL_PAGES if p[1] in urls_exist(env)]

    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py",
         "--workers", str(args.workers), "--bind", f"127.0.0.1:{PORT}",
         "--max-requests", "0"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    results = []
    try:
        wait_for(BASE + "/health/")
        for label, path, user, method in pages:
            key, csrf = sessions[user]
            wrk(path, key, csrf, method, 2, args.connections)  # warm up
            requests, errors, p50, p95, p99, duration = wrk(
                path, key, csrf, method, args.seconds, args.connections
            )
            results.append(
                Result(label, int(requests), requests / duration, p50, p95, p99,
                       int(errors))
            )  # fmt: skip
            print(f"  {staff:>5} staff  {label:<32} {requests / duration:8.0f} req/s",
                  flush=True)  # fmt: skip
        memory = worker_peak_memory(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    return {"results": results, "memory_kb": memory, "build_s": build}


def table(results: list[Result]) -> list[str]:
    base = results[0].rps
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | of baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.label} | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} "
            f"| {r.errors} | {r.rps / base:.2f} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    database = "PostgreSQL" if "DATABASE_URL" in os.environ else "SQLite"
    print(f"Benchmark on {database}, {args.workers} gunicorn workers", flush=True)
    small = run_scale(args, 50, 3, {})
    large = run_scale(args, 5000, 30, {})
    connections = {}
    if database == "PostgreSQL":
        for name, extra in [
            ("new connection per request (CONN_MAX_AGE=0)", {"CONN_MAX_AGE": "0"}),
            ("psycopg pool (DB_POOL=1)", {"DB_POOL": "1"}),
        ]:
            connections[name] = run_scale(args, 5000, 30, extra)

    lines = [
        "# Performance",
        "",
        f"Measured {datetime.date.today():%Y-%m-%d} with `make bench` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {database}; gunicorn with {args.workers} "
        f"sync workers and production settings (`DEBUG=0`), load from wrk on the "
        f"same machine ({args.connections} connections, {args.seconds} s per page "
        "after a 2 s warm-up), each client logged in with its own session. "
        "The load generator shares the two cores with the server: compare ratios "
        "within one run, not absolute numbers between machines.",
        "",
        "## 5,000 staff, 30 richtlijnen",
        "",
        *table(large["results"]),
        "",
        "## 50 staff, 3 richtlijnen",
        "",
        *table(small["results"]),
        "",
        "## How cost grows with 100 times the data",
        "",
        "Median time per request at 5,000 staff divided by that at 50 staff.",
        "",
        "| page | p50 at 50 | p50 at 5,000 | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for s, b in zip(small["results"], large["results"], strict=True):
        lines.append(f"| {s.label} | {s.p50:.1f} ms | {b.p50:.1f} ms | "
                     f"{b.p50 / s.p50:.2f} |")  # fmt: skip
    lines += [
        "",
        f"Peak resident memory of a gunicorn worker: "
        f"{large['memory_kb'] / 1024:.0f} MB at 5,000 staff, "
        f"{small['memory_kb'] / 1024:.0f} MB at 50 staff. Building the large "
        f"data set took {large['build_s']:.0f} s.",
    ]
    if connections:
        lines += [
            "",
            "## Database connections",
            "",
            "The same pages at 5,000 staff with other connection settings; the "
            "default keeps persistent connections (`CONN_MAX_AGE=60` with health "
            "checks).",
            "",
            "| setting | " + " | ".join(r.label for r in large["results"]) + " |",
            "| --- |" + " ---: |" * len(large["results"]),
            "| persistent (default) | "
            + " | ".join(f"{r.rps:.0f}" for r in large["results"])
            + " |",
        ]
        for name, run in connections.items():
            lines.append(
                f"| {name} | "
                + " | ".join(f"{r.rps:.0f}" for r in run["results"])
                + " |"
            )
    lines += [
        "",
        "## Reproduce",
        "",
        "```sh",
        "apt-get install wrk",
        "make bench                                   # SQLite",
        "DATABASE_URL=postgres://… make bench          # PostgreSQL",
        "```",
        "",
    ]
    args.output.write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
