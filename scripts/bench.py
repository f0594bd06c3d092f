#!/usr/bin/env python3
"""`make bench`: throughput and latency of the portal's pages under gunicorn.

For each data set (500 staff with 3 and with 30 richtlijnen, 50,000 staff
with 30, and for search alone 500 staff with the handbook's 200) it builds
the demo data, starts gunicorn with production settings on 127.0.0.1
(PostgreSQL when DATABASE_URL is set, else a SQLite file) with every cache of
compliance figures off (`COMPLIANCE_CACHE_SECONDS=0`), gives each
role a logged-in session and drives every page with wrk. It counts each
page's queries, measures the overview while eight connections sign (a
signing wave) and, with `--compare-connections` on PostgreSQL, the large data
set with a new connection per request and with psycopg's pool. It prints a
table and writes docs/performance.md, so a rerun updates the document.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import importlib.metadata
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from serving import wait_for

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "18090"))
BASE = f"http://127.0.0.1:{PORT}"
LUA = ROOT / "scripts" / "bench.lua"
WARM_UP_SECONDS = 2

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
    ("/naleving/ (Beleid)", "/naleving/", "beleid", "GET"),
    ("/naleving/social-media/ (Beleid)", "/naleving/social-media/", "beleid", "GET"),
    ("/meldingen/overzicht/ (Beleid)", "/meldingen/overzicht/", "beleid", "GET"),
    ("submit a signal (POST)", "/meldingen/nieuw/", "medewerker", "SIGNAL"),
    ("search /zoeken/?q=WhatsApp", "/zoeken/?q=WhatsApp", "medewerker", "GET"),
]
# The compliance pages: their content grows with the number of departments.
DASHBOARD = {"/naleving/", "/naleving/social-media/"}

# Targets reported, not enforced: the document says which were met.
TARGET_OF_BASELINE = 0.6
TARGET_GROWTH = 1.3  # 100 times the staff, each page
TARGET_GROWTH_DASHBOARD = 1.5  # … the compliance pages
TARGET_GROWTH_RICHTLIJNEN = 1.5  # 10 times the richtlijnen: start page and list
TARGET_GROWTH_SEARCH = 1.5  # the handbook's 200 richtlijnen against 30: search
HANDBOOK = 200
SEARCH_PAGE = "/zoeken/?q=WhatsApp"
TARGET_OVERVIEW_OF_PAGE = 3.0  # the overview against the richtlijn page
TARGET_BUILD_SECONDS = 120
RICHTLIJNEN_PAGES = {"/", "/richtlijnen/"}
RICHTLIJN_PAGE = "/richtlijnen/social-media/"
NO_CACHE = {"COMPLIANCE_CACHE_SECONDS": "0"}
SIGNERS = 1000

ESCAPING = (
    "The compliance pages' long tables (`compliance/templatetags/figures.py`) are "
    "written with `format_html`, which escapes every value, rather than f-strings "
    "marked safe: the same markup, some 15 to 30 µs more a row (departments 2 → 23 µs, "
    "richtlijnen 11 → 39 µs, overdue people 2 → 17 µs, measured apart from a run), "
    "so about 3 ms on an overview of 100 departments, 30 richtlijnen and 50 overdue "
    "people; still well under a template loop (about 90 µs a row). Escaping by "
    "default is worth those milliseconds."
)

WHY_WRK = (
    "wrk rather than locust: wrk is a small C program with an event loop, so "
    "on a two-core machine it leaves nearly all CPU to the server being "
    "measured and reports exact latency percentiles; locust's Python workers "
    "would need a core of their own and partly measure themselves. A short Lua "
    "script (`scripts/bench.lua`) posts the signal form with a fresh "
    "submission key per request and counts any answer other than the page's "
    "expected status (200, or the 302 after a stored signal) as an error, so a "
    "lost session or a rejected form cannot pass for a fast success."
)


@dataclass
class Result:
    label: str
    path: str
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int


@dataclass
class Run:
    results: list[Result]
    memory_kb: int


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code)


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

# Sessions of people who have not signed version 2 of social-media: each
# request of the signing wave signs as the next one.
SIGNERS_CODE = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
from policy.models import Guideline
version = Guideline.objects.get(slug="social-media").version_in_force()
for user in version.unsigned().filter(email__startswith="staff").order_by("pk")[:%d]:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(session.session_key)
"""

# Queries per page, counted with Django's test client on the same data.
QUERIES_CODE = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
clients = {}
for name in ("medewerker", "beleid"):
    clients[name] = Client()
    clients[name].force_login(User.objects.get(email=f"{name}@sterkhuis.test"))
for path, name in %r:
    with CaptureQueriesContext(connection) as queries:
        response = clients[name].get(path)
    print(path, response.status_code, len(queries))
"""

SECOND_VERSION_CODE = """
from accounts.models import User
from policy.models import Guideline, GuidelineVersion
from policy.services import review_decide, review_request, version_publish
g = Guideline.objects.get(slug="social-media")
if not g.versions.filter(number=2).exists():
    v1 = g.versions.get(number=1)
    body = v1.body.replace("Vermeld nooit namen van cliënten.",
                           "Vermeld nooit namen of foto's van cliënten.")
    beleid = User.objects.get(email="beleid@sterkhuis.test")
    kim = User.objects.get(email="kwaliteit@sterkhuis.test")
    draft = GuidelineVersion.objects.create(guideline=g, body=body, created_by=beleid)
    review_decide(request=review_request(version=draft, user=beleid, reviewer=kim),
                  user=kim, decision="approve")
    version_publish(version=draft, user=beleid, change_summary="Foto's genoemd")
print("ok")
"""

# The signals the benchmark posted: removed between runs so every run reads
# the same data.
FORGET_SIGNALS_CODE = """
from reporting.models import Signal
Signal.objects.filter(title="Mooi artikel over pleegzorg").delete()
"""

COUNTS_CODE = """
from accounts.models import User
from policy.models import Guideline, Signature
print(User.objects.count(), Guideline.objects.count(), Signature.objects.count())
"""

# Right after a bulk load PostgreSQL has no statistics yet and plans the
# dashboard's aggregate as nested loops (about 4 times slower), and
# autovacuum is about to vacuum the million new rows while the pages are
# measured. A database in use has been vacuumed and analysed by autovacuum,
# so the benchmark does both once, before it measures.
ANALYZE_CODE = """
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("VACUUM (ANALYZE)")
    else:
        cursor.execute("ANALYZE")
"""

DATABASE_VERSION_CODE = """
from django.db import connection
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print("PostgreSQL", cursor.fetchone()[0].split()[0])
else:
    import sqlite3
    print("SQLite", sqlite3.sqlite_version)
"""


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


def wave_seconds(args) -> int:
    """The signing wave lasts as long as a page's rounds together."""
    return args.seconds * args.rounds


def worker_peak_memory(master: int) -> int:
    """The largest peak resident set (VmHWM, kB) among gunicorn's workers."""
    peak = 0
    for pid in subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        peak = max(peak, int(match[1]) if match else 0)
    return peak


class DataSet:
    """A database filled with `demo --staff N --richtlijnen M` and a logged-in
    session per role."""

    def __init__(self, staff: int, richtlijnen: int) -> None:
        self.staff = staff
        self.richtlijnen = richtlijnen
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-"))
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "MEDIA_ROOT": str(self.workdir / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        if "DATABASE_URL" in os.environ:
            manage(self.env, "flush", "--no-input")
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{self.workdir / 'bench.sqlite3'}"
        manage(self.env, "migrate", "--no-input")
        manage(self.env, "createcachetable")
        manage(self.env, "collectstatic", "--no-input")
        started = time.monotonic()
        manage(
            {**self.env, "DEBUG": "1"},
            "demo", "--staff", str(staff), "--richtlijnen", str(richtlijnen),
        )  # fmt: skip
        self.build_s = time.monotonic() - started
        shell(self.env, SECOND_VERSION_CODE)
        shell(self.env, ANALYZE_CODE)
        self.users, self.guidelines, self.signatures = (
            int(n) for n in shell(self.env, COUNTS_CODE).split()
        )
        self.sessions = {}
        for line in shell(self.env, SESSION_CODE).splitlines():
            if line.strip():
                name, key, csrf = line.split()
                self.sessions[name] = (key, csrf)
        self.queries = self.count_queries()

    def count_queries(self) -> dict[str, int]:
        pages = [(path, user) for _l, path, user, method in PAGES if method == "GET"]
        env = {**self.env, **NO_CACHE, "ALLOWED_HOSTS": "127.0.0.1,testserver"}
        counts = {}
        for line in shell(env, QUERIES_CODE % (pages,)).splitlines():
            path, status, n = line.split()
            counts[path] = int(n) if status == "200" else -1
        return counts

    def signing_wave(self, args) -> dict:
        """The overview's latency (one connection) while `args.connections`
        connections sign version 2 of social-media, each request as another
        person, against its latency on one connection without the wave."""
        signers = shell(self.env, SIGNERS_CODE % SIGNERS).split()
        cookies = self.workdir / "signers.txt"
        cookies.write_text("\n".join(signers) + "\n")
        env = {**self.env, **NO_CACHE}
        gunicorn = self.start(env, args)
        key, csrf = self.sessions["beleid"]
        seconds = wave_seconds(args)
        try:
            wrk("/naleving/", key, csrf, "GET", WARM_UP_SECONDS, 1)
            quiet = wrk("/naleving/", key, csrf, "GET", seconds, 1)
            wave = subprocess.Popen(
                ["wrk", "-t", "1", "-c", str(args.connections), "-d",
                 f"{seconds}s", "--timeout", "10s", "-s", str(LUA),
                 "-H", f"Cookie: csrftoken={csrf}", BASE + RICHTLIJN_PAGE],
                stdout=subprocess.PIPE, text=True,
                env={**os.environ, "BENCH_METHOD": "SIGN", "BENCH_CSRF": csrf,
                     "BENCH_SESSIONS": str(cookies)},
            )  # fmt: skip
            during = wrk("/naleving/", key, csrf, "GET", seconds, 1)
            out = wave.communicate(timeout=seconds + 60)[0]
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        match = re.search(r"^RESULT (.+)$", out, re.M)
        if not match:
            raise SystemExit(f"the signing wave gave no result:\n{out}")
        requests, errors, p50, _p95, _p99, duration = (
            float(x) for x in match[1].split()
        )
        return {
            "quiet_p50": quiet[2],
            "quiet_p95": quiet[3],
            "during_p50": during[2],
            "during_p95": during[3],
            "during_errors": int(during[1]),
            "signatures": int(requests),
            "sign_rps": requests / (duration / 1e6),
            "sign_p50": p50 / 1000,
            "sign_errors": int(errors),
            "signers": len(signers),
        }

    def start(self, env, args):
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py",
             "--workers", str(args.workers), "--bind", f"127.0.0.1:{PORT}",
             "--max-requests", "0"],
            cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        # Three workers booting on a busy shared machine can take a minute.
        wait_for(BASE + "/health/", seconds=120)
        return gunicorn

    def measure(
        self, args, extra_env: dict | None = None, note: str = "", pages=None
    ) -> Run:
        """Each page in `args.rounds` rounds of `args.seconds`, the pages taking
        turns; a page's best round counts. Other work on a shared machine can
        only slow a round down, so the best round is the page's own cost."""
        pages = pages or PAGES
        env = {**self.env, **NO_CACHE, **(extra_env or {})}
        shell(env, FORGET_SIGNALS_CODE)
        gunicorn = self.start(env, args)
        best: dict[str, Result] = {}
        errors_of: dict[str, int] = {}
        try:
            for round_ in range(args.rounds):
                for label, path, user, method in pages:
                    key, csrf = self.sessions[user]
                    if round_ == 0:
                        wrk(path, key, csrf, method, WARM_UP_SECONDS, args.connections)
                    requests, errors, p50, p95, p99, duration = wrk(
                        path, key, csrf, method, args.seconds, args.connections
                    )
                    result = Result(
                        label, path, int(requests), requests / duration,
                        p50, p95, p99, int(errors),
                    )  # fmt: skip
                    errors_of[label] = errors_of.get(label, 0) + int(errors)
                    if label not in best or result.rps > best[label].rps:
                        best[label] = result
                    print(f"  {self.staff:>6} staff {self.richtlijnen:>2} r. {note:<8} "
                          f"{label:<28} round {round_ + 1} "
                          f"{result.rps:7.0f} req/s  p50 {p50:6.1f} ms  "
                          f"errors {int(errors)}", flush=True)  # fmt: skip
            memory = worker_peak_memory(gunicorn.pid)
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        # A page's errors of every round count against it.
        results = [
            dataclasses.replace(best[label], errors=errors_of[label])
            for label, *_rest in pages
        ]
        return Run(results, memory)

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def machine(env: dict) -> list[str]:
    cpuinfo = (
        Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    )
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = (
        Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    )
    memory = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.M)
    wrk_version = subprocess.run(
        ["wrk", "--version"], capture_output=True, text=True
    ).stdout.split(" [")[0]
    return [
        f"| CPU | {model[1] if model else platform.processor() or '?'} "
        f"({platform.machine()}) |",
        f"| cores | {os.cpu_count()}, shared by server, database and load generator |",
        f"| memory | {int(memory[1]) / 1024 / 1024:.1f} GB |"
        if memory
        else "| memory | ? |",
        f"| OS | {platform.system()} {platform.release()} |",
        f"| Python | {platform.python_version()} |",
        f"| Django | {importlib.metadata.version('django')} |",
        f"| gunicorn | {importlib.metadata.version('gunicorn')} |",
        f"| database | {shell(env, DATABASE_VERSION_CODE).strip()} |",
        f"| load generator | {wrk_version} |",
    ]


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def page_table(run: Run) -> list[str]:
    base = run.results[0].rps
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | of baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in run.results:
        lines.append(
            f"| {r.label} | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} "
            f"| {r.errors} | {r.rps / base:.2f} |"
        )
    return lines


def growth(small: Result, large: Result) -> float:
    """How much longer a request takes at 100 times the data: the larger of
    the median ratio and the mean ratio (throughput at equal concurrency)."""
    if not (small.p50 and large.p50 and large.rps):
        return float("inf")
    return max(large.p50 / small.p50, small.rps / large.rps)


def staff_import_timing(env: dict, rows: int = 100_000) -> list[str]:
    """Time `import_staff` on an HR file of `rows` new employees, then on the
    same file with every job title changed: the report's HR import rows."""
    header = "email,first_name,last_name,department,job_title,manager_email\n"
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hr.csv"
        for title, what in (("Begeleider", "new"), ("Pleegzorgwerker", "changed")):
            with path.open("w", encoding="utf-8") as out:
                out.write(header)
                for i in range(rows):
                    manager = "hr0@bench.sterkhuis.test" if i else ""
                    out.write(
                        f"hr{i}@bench.sterkhuis.test,Voornaam{i},Achternaam{i},"
                        f"HR-afdeling {i % 200},{title},{manager}\n"
                    )
            started = time.monotonic()
            manage(env, "import_staff", str(path))
            timings.append((what, time.monotonic() - started))
    return [
        f"| `import_staff`, {rows:,} {what} employees | {seconds:.0f} s "
        f"| ≤ 60 s: {verdict(seconds <= 60)} |"
        for what, seconds in timings
    ]


def ratio_row(label: str, small: Result, large: Result, limit: float) -> str:
    if growth(small, large) == float("inf"):
        # A page that answered no request in the run is a miss to report,
        # not a reason to lose the rest of the table.
        return (
            f"| {label} | {small.p50:.1f} ms | no request completed | – | – "
            f"| ≤ {limit}×: {verdict(False)} |"
        )
    return (
        f"| {label} | {small.p50:.1f} ms | {large.p50:.1f} ms "
        f"| {large.p50 / small.p50:.2f} | {small.rps / large.rps:.2f} "
        f"| ≤ {limit}×: {verdict(growth(small, large) <= limit)} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=4, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--small", type=int, default=500, help="staff, small sets")
    parser.add_argument("--large", type=int, default=50_000, help="staff, large set")
    parser.add_argument(
        "--compare-connections",
        action="store_true",
        help="on PostgreSQL, also measure the large set with other connection settings",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    parser.add_argument(
        "--note", default="", help="a sentence on the machine's load, for the page"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    postgres = "DATABASE_URL" in os.environ
    print(
        f"Benchmark on {'PostgreSQL' if postgres else 'SQLite'}, "
        f"{args.workers} gunicorn workers, {args.connections} connections",
        flush=True,
    )
    started = time.monotonic()
    load_before = os.getloadavg()
    runs: dict[str, tuple[DataSet, Run]] = {}
    for name, staff, richtlijnen in (
        ("few", args.small, 3),
        ("small", args.small, 30),
    ):
        data = DataSet(staff, richtlijnen)
        try:
            runs[name] = (data, data.measure(args))
        finally:
            data.cleanup()
    # The handbook's size: only the baseline and search are measured.
    search_pages = [PAGES[0], next(p for p in PAGES if p[1] == SEARCH_PAGE)]
    handbook_data = DataSet(args.small, HANDBOOK)
    try:
        handbook = handbook_data.measure(args, pages=search_pages)
    finally:
        handbook_data.cleanup()
    large_data = DataSet(args.large, 30)
    try:
        runs["large"] = (large_data, large_data.measure(args))
        connections: dict[str, Run] = {}
        if postgres and args.compare_connections:
            for name, extra in [
                ("new connection per request (`CONN_MAX_AGE=0`)",
                 {"CONN_MAX_AGE": "0"}),
                ("psycopg pool (`DB_POOL=1`)", {"DB_POOL": "1"}),
            ]:  # fmt: skip
                connections[name] = large_data.measure(args, extra, name.split()[0])
        # Last: the wave adds signatures.
        wave = large_data.signing_wave(args)
        machine_lines = machine(large_data.env)
        import_lines = staff_import_timing(large_data.env)
    finally:
        large_data.cleanup()
    minutes = (time.monotonic() - started) / 60
    load_after = os.getloadavg()

    few_data, few = runs["few"]
    small_data, small = runs["small"]
    large = runs["large"][1]
    staff_pages = range(1, len(PAGES))
    index = {page[1]: i for i, page in enumerate(PAGES)}
    missed = []
    for data, run in runs.values():
        for i in staff_pages:
            share = run.results[i].rps / run.results[0].rps
            if share < TARGET_OF_BASELINE:
                missed.append(
                    f"{run.results[i].label} at {data.staff:,} staff and "
                    f"{data.richtlijnen} richtlijnen: {share:.2f} of baseline"
                )
    worst_share = min(
        run.results[i].rps / run.results[0].rps
        for _d, run in runs.values()
        for i in staff_pages
    )
    growths = []
    for i in staff_pages:
        limit = TARGET_GROWTH_DASHBOARD if PAGES[i][1] in DASHBOARD else TARGET_GROWTH
        g = growth(small.results[i], large.results[i])
        growths.append((g, limit, PAGES[i][0]))
        if g > limit:
            missed.append(
                f"{PAGES[i][0]}: {g:.2f}× the time at 100× the staff "
                f"(target ≤ {limit}×)"
            )
    richtlijnen_growths = []
    for path in sorted(RICHTLIJNEN_PAGES):
        i = index[path]
        g = growth(few.results[i], small.results[i])
        richtlijnen_growths.append((g, PAGES[i][0]))
        if g > TARGET_GROWTH_RICHTLIJNEN:
            missed.append(
                f"{PAGES[i][0]}: {g:.2f}× the time at 10× the richtlijnen "
                f"(target ≤ {TARGET_GROWTH_RICHTLIJNEN}×)"
            )
    search_growth = growth(small.results[index[SEARCH_PAGE]], handbook.results[1])
    if search_growth > TARGET_GROWTH_SEARCH:
        missed.append(
            f"search: {search_growth:.2f}× the time at {HANDBOOK} richtlijnen "
            f"against 30 (target ≤ {TARGET_GROWTH_SEARCH}×)"
        )
    overview, page = (
        large.results[index["/naleving/"]],
        large.results[index[RICHTLIJN_PAGE]],
    )
    overview_ratio = growth(page, overview)
    if overview_ratio > TARGET_OVERVIEW_OF_PAGE:
        missed.append(
            f"the overview costs {overview_ratio:.2f}× the richtlijn page at "
            f"{args.large:,} staff (target ≤ {TARGET_OVERVIEW_OF_PAGE}×)"
        )
    query_growth = [
        (path, few_data.queries.get(path), small_data.queries.get(path),
         large_data.queries.get(path))
        for _l, path, _u, method in PAGES if method == "GET"
    ]  # fmt: skip
    queries_fixed = all(a == b == c for _p, a, b, c in query_growth)
    if not queries_fixed:
        missed.append("the number of queries of a page grows with the data")
    if large_data.build_s > TARGET_BUILD_SECONDS:
        missed.append(
            f"building {args.large:,} staff took {large_data.build_s:.0f} s "
            f"(target < {TARGET_BUILD_SECONDS} s)"
        )
    memory_ratio = large.memory_kb / max(small.memory_kb, 1)
    errors = sum(r.errors for _d, run in runs.values() for r in run.results)
    errors += sum(r.errors for r in handbook.results)
    errors += wave["sign_errors"] + wave["during_errors"]
    if errors:
        missed.append(f"{errors} errors")

    worst_growth = max(
        (g, label) for g, limit, label in growths if limit == TARGET_GROWTH
    )
    dashboard_growth = max(
        (g, label) for g, limit, label in growths if limit == TARGET_GROWTH_DASHBOARD
    )
    worst_richtlijnen = max(richtlijnen_growths)
    large_label = f"{args.large:,} staff, 30 richtlijnen"
    small_label = f"{args.small:,} staff, 30 richtlijnen"
    few_label = f"{args.small:,} staff, 3 richtlijnen"
    lines = [
        "# Performance",
        "",
        "Generated by `make bench` (`scripts/bench.py`); rerun it to update this "
        "page. All numbers come from one run on one machine whose two cores "
        "were shared by gunicorn, the database, the load generator and other "
        "work: compare the ratios within this page, not absolute numbers "
        "between machines or runs.",
        "",
        f"Measured {datetime.date.today():%Y-%m-%d}; the whole run took "
        f"{minutes:.0f} minutes. Load average of the machine (1, 5, 15 min) "
        f"before the run {load_before[0]:.1f}, {load_before[1]:.1f}, "
        f"{load_before[2]:.1f}; after it {load_after[0]:.1f}, "
        f"{load_after[1]:.1f}, {load_after[2]:.1f}"
        + "."
        + (f" {args.note.rstrip('.')}." if args.note else ""),
        "",
        "Every run has every cache of compliance figures off "
        "(`COMPLIANCE_CACHE_SECONDS=0`): the pages read the figures from the "
        "read model (`compliance.figures`), which each signature updates in its "
        "own transaction, so there is no cache left to go stale.",
        "",
        "## Summary",
        "",
        "| target | result |",
        "| --- | --- |",
        f"| every staff page ≥ {TARGET_OF_BASELINE} of the baseline's throughput "
        f"| {verdict(worst_share >= TARGET_OF_BASELINE)}: lowest "
        f"{worst_share:.2f} |",
        f"| 100× the staff ({args.small:,} → {args.large:,}) costs each page "
        f"≤ {TARGET_GROWTH}× the time | {verdict(worst_growth[0] <= TARGET_GROWTH)}"
        f": highest {worst_growth[0]:.2f}× ({worst_growth[1]}) |",
        f"| … and the compliance pages ≤ {TARGET_GROWTH_DASHBOARD}× "
        f"| {verdict(dashboard_growth[0] <= TARGET_GROWTH_DASHBOARD)}: highest "
        f"{dashboard_growth[0]:.2f}× ({dashboard_growth[1]}) |",
        f"| 10× the richtlijnen (3 → 30) costs the start page and the list "
        f"≤ {TARGET_GROWTH_RICHTLIJNEN}× | "
        f"{verdict(worst_richtlijnen[0] <= TARGET_GROWTH_RICHTLIJNEN)}: highest "
        f"{worst_richtlijnen[0]:.2f}× ({worst_richtlijnen[1]}) |",
        f"| search at {HANDBOOK} richtlijnen (the handbook) ≤ "
        f"{TARGET_GROWTH_SEARCH}× its time at 30 | "
        f"{verdict(search_growth <= TARGET_GROWTH_SEARCH)}: {search_growth:.2f}× |",
        f"| the overview at {args.large:,} staff ≤ {TARGET_OVERVIEW_OF_PAGE}× the "
        f"richtlijn page | {verdict(overview_ratio <= TARGET_OVERVIEW_OF_PAGE)}: "
        f"{overview_ratio:.2f}× |",
        f"| a fixed number of queries per page | {verdict(queries_fixed)} |",
        f"| `demo --staff {args.large} --richtlijnen 30` < {TARGET_BUILD_SECONDS} s "
        f"| {verdict(large_data.build_s < TARGET_BUILD_SECONDS)}: "
        f"{large_data.build_s:.0f} s |",
        f"| peak worker memory flat from {args.small:,} to {args.large:,} staff "
        f"| {verdict(memory_ratio <= 1.2)}: {small.memory_kb / 1024:.0f} MB → "
        f"{large.memory_kb / 1024:.0f} MB |",
        f"| zero errors | {verdict(errors == 0)}: {errors} |",
        "",
    ]
    if missed:
        lines += ["Missed: " + "; ".join(missed) + ".", ""]
    for label, data, run in (
        (large_label, large_data, large),
        (small_label, small_data, small),
        (few_label, few_data, few),
    ):
        lines += [
            f"## {label} ({data.users:,} accounts, {data.signatures:,} signatures)",
            "",
            *page_table(run),
            "",
        ]
    lines += [
        "The baseline `/ping/` is the lightest logged-in page: the whole "
        "middleware stack, the session and user lookups and the site layout, "
        "but no queries of its own. A page's *of baseline* is its throughput "
        "divided by the baseline's in the same run.",
        "",
        "## How cost grows with 100 times the staff",
        "",
        f"Time per request at {large_label} divided by that at {small_label}: "
        "the median (p50) and the mean (from throughput at the same "
        "concurrency). The target is judged on the larger of the two.",
        "",
        f"| page | p50 at {args.small:,} | p50 at {args.large:,} | p50 ratio "
        "| mean ratio | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for i in staff_pages:
        limit = TARGET_GROWTH_DASHBOARD if PAGES[i][1] in DASHBOARD else TARGET_GROWTH
        lines.append(ratio_row(PAGES[i][0], small.results[i], large.results[i], limit))
    lines += [
        "",
        "## How cost grows with 10 times the richtlijnen",
        "",
        f"Time per request at {small_label} divided by that at {few_label}.",
        "",
        "| page | p50 at 3 | p50 at 30 | p50 ratio | mean ratio | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for path in sorted(RICHTLIJNEN_PAGES):
        i = index[path]
        lines.append(
            ratio_row(
                PAGES[i][0], few.results[i], small.results[i], TARGET_GROWTH_RICHTLIJNEN
            )
        )
    lines += [
        "",
        "## The overview against the richtlijn page",
        "",
        f"At {large_label}, without any cache: `/naleving/` p50 "
        f"{overview.p50:.1f} ms ({overview.rps:.0f} req/s), "
        f"`{RICHTLIJN_PAGE}` p50 {page.p50:.1f} ms ({page.rps:.0f} req/s): "
        f"{overview_ratio:.2f}× (target ≤ {TARGET_OVERVIEW_OF_PAGE}×).",
        "",
        "## Queries per page",
        "",
        "Counted with Django's test client on each data set (session, user and "
        "the page's own queries).",
        "",
        f"| page | {few_label} | {small_label} | {large_label} |",
        "| --- | ---: | ---: | ---: |",
        *(f"| `{p}` | {a} | {b} | {c} |" for p, a, b, c in query_growth),
        "",
        "## Signing wave",
        "",
        f"The overview's latency on one connection while {args.connections} "
        f"connections sign version 2 of social-media at {large_label}, each "
        f"request as another person ({wave['signers']:,} sessions): "
        f"{wave['signatures']:,} signatures stored in {wave_seconds(args)} s "
        f"({wave['sign_rps']:.0f}/s, p50 {wave['sign_p50']:.1f} ms, "
        f"{wave['sign_errors']} errors).",
        "",
        "| overview | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
        f"| alone (1 connection) | {wave['quiet_p50']:.1f} | {wave['quiet_p95']:.1f} |",
        f"| during the signing wave | {wave['during_p50']:.1f} "
        f"| {wave['during_p95']:.1f} |",
        "",
        "Each signature adds one to its row of the figures in its own "
        "transaction, so the overview never waits for a recount; during the "
        "wave it shares the two cores with the signing requests.",
        "",
        "## HR import",
        "",
        "The HR export read, checked and written in batches by `import_staff` "
        f"(wall-clock time of the command, into the database of {large_label}; "
        "it includes counting the compliance figures again).",
        "",
        "| import | time | target |",
        "| --- | ---: | --- |",
        *import_lines,
        "",
        "## Memory",
        "",
        "Peak resident memory (VmHWM) of the largest gunicorn worker: "
        f"{large.memory_kb / 1024:.0f} MB at {large_label}, "
        f"{small.memory_kb / 1024:.0f} MB at {small_label}, "
        f"{few.memory_kb / 1024:.0f} MB at {few_label}. The exports stream "
        "(CSV row by row; Excel through a temporary file). Building the large "
        f"data set (`demo --staff {args.large} --richtlijnen 30`) took "
        f"{large_data.build_s:.0f} s.",
        "",
        "## Database connections",
        "",
    ]
    if connections:
        lines += [
            f"The same pages at {large_label} with three connection settings. The "
            "default keeps one connection per worker open between requests "
            "(`CONN_MAX_AGE=60` with health checks); `DB_POOL=1` uses psycopg's "
            "pool (1–4 connections per worker, `CONN_MAX_AGE=0`); "
            "`CONN_MAX_AGE=0` alone opens a new connection for every request. "
            "Requests per second, and in brackets the share of the default's.",
            "",
            "| setting | " + " | ".join(r.label for r in large.results) + " |",
            "| --- |" + " ---: |" * len(large.results),
            "| persistent (default) | "
            + " | ".join(f"{r.rps:.0f}" for r in large.results)
            + " |",
        ]
        for name, run in connections.items():
            lines.append(
                f"| {name} | "
                + " | ".join(
                    f"{r.rps:.0f} ({r.rps / d.rps:.2f})"
                    for r, d in zip(run.results, large.results, strict=True)
                )
                + " |"
            )
        lines.append("")
    else:
        lines += [
            "Not measured in this run: `scripts/bench.py --compare-connections` "
            "on PostgreSQL compares persistent connections, psycopg's pool and "
            "a new connection per request.",
            "",
        ]
    lines += [
        "## Settings",
        "",
        f"- gunicorn with `gunicorn.conf.py`, {args.workers} sync workers, "
        "`--max-requests 0` (no worker recycling during a measurement), on "
        "127.0.0.1.",
        "- Production settings: `DEBUG=0`, sessions and cache in the database, "
        "whitenoise for static files, the Content-Security-Policy and security "
        "middleware on; only the HTTPS redirect and secure cookies are off, as "
        "there is no TLS on loopback. `COMPLIANCE_CACHE_SECONDS=0`. Mail goes "
        "to a dummy backend; the mail tasks are still queued in the database.",
        f"- wrk: 1 thread, {args.connections} connections, {args.rounds} rounds "
        f"of {args.seconds} s per page, the pages taking turns, after a "
        f"{WARM_UP_SECONDS} s warm-up; a page's best round counts (other work "
        "on the shared machine can only slow a round down), its errors of "
        "every round. 10 s timeout. Employees' "
        "pages use the demo `medewerker@` session, `/naleving/` the `beleid@` "
        "session (all departments); each is a real session row, made before "
        "the run.",
        "- Data: `demo --staff N --richtlijnen M`, plus a second, material "
        "version of the social-media richtlijn for the compare page, then "
        "`VACUUM (ANALYZE)` on PostgreSQL, `ANALYZE` on SQLite (as autovacuum "
        "would have done on a database in use, so it does not run during the "
        "measurement). The "
        "signals posted during a run are deleted before the next one.",
        "",
        "## Escaping the tables",
        "",
        ESCAPING,
        "",
        "## Why wrk",
        "",
        WHY_WRK,
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *machine_lines,
        "",
        "## Reproduce",
        "",
        "```sh",
        "apt-get install wrk                            # make bench installs it",
        "make bench                                     # SQLite in a temp dir",
        "DATABASE_URL=postgres://app:app@127.0.0.1:5432/app make bench",
        "```",
        "",
        "With `DATABASE_URL` the database is flushed and filled: use a "
        "throwaway one. `scripts/bench.py --seconds 8 --rounds 5 --connections 16 "
        "--workers 3` changes the load; `--small` and `--large` the staff.",
        "",
    ]
    args.output.write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
