"""A data set of the benchmark: its database, its sessions, gunicorn on it
and wrk against it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from serving import wait_for

from bench import snippets
from bench.config import (
    BASE,
    LUA,
    OVERVIEW_PAGE,
    PORT,
    PYTHON,
    RICHTLIJN_PAGE,
    ROOT,
    SIGNERS,
    WARM_UP_SECONDS,
    DataSetSpec,
    Page,
    Result,
    Run,
)


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code)


def parse_result(out: str, what: str) -> tuple[float, ...]:
    """wrk's RESULT line: requests, errors, p50, p95, p99 (µs), duration (µs)."""
    match = re.search(r"^RESULT (.+)$", out, re.M)
    if not match:
        raise SystemExit(f"wrk gave no result for {what}:\n{out}")
    return tuple(float(x) for x in match[1].split())


def wrk(path: str, cookie: str, csrf: str, method: str, seconds: int, conns: int):
    """(requests, errors, p50 ms, p95 ms, p99 ms, duration s) of one round."""
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_CSRF": csrf}
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(conns), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(LUA), "-H", f"Cookie: sessionid={cookie}; csrftoken={csrf}",
         BASE + path],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    requests, errors, p50, p95, p99, duration = parse_result(out, path)
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


def median_result(page: Page, rounds: list[Result]) -> Result:
    """A page's rounds as one: the median of each figure, the errors of all.
    Other work on the shared machine slows some rounds down; the median is
    what a page costs when the machine is as busy as it usually is."""
    return Result(
        page.label,
        page.path,
        int(statistics.median(r.requests for r in rounds)),
        statistics.median(r.rps for r in rounds),
        statistics.median(r.p50 for r in rounds),
        statistics.median(r.p95 for r in rounds),
        statistics.median(r.p99 for r in rounds),
        sum(r.errors for r in rounds),
    )


def bench_env(workdir: Path) -> dict:
    """Production settings on loopback, without TLS and without real mail."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


class DataSet:
    """A database filled with `demo --staff N --richtlijnen M` and a logged-in
    session per role."""

    def __init__(self, spec: DataSetSpec) -> None:
        self.spec = spec
        self.staff = spec.staff
        self.richtlijnen = spec.richtlijnen
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-"))
        self.env = bench_env(self.workdir)
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
            "demo", "--staff", str(self.staff), "--richtlijnen", str(self.richtlijnen),
        )  # fmt: skip
        self.build_s = time.monotonic() - started
        shell(self.env, snippets.SECOND_VERSION_CODE)
        shell(self.env, snippets.ANALYZE_CODE)
        self.users, self.guidelines, self.signatures = (
            int(n) for n in shell(self.env, snippets.COUNTS_CODE).split()
        )
        self.sessions = {}
        for line in shell(self.env, snippets.SESSION_CODE).splitlines():
            if line.strip():
                name, key, csrf = line.split()
                self.sessions[name] = (key, csrf)
        self.queries = self.count_queries()

    def count_queries(self) -> dict[str, int]:
        pages = [(p.path, p.user) for p in self.spec.pages if p.method == "GET"]
        env = {**self.env, "ALLOWED_HOSTS": "127.0.0.1,testserver"}
        counts = {}
        for line in shell(env, snippets.QUERIES_CODE % (pages,)).splitlines():
            path, status, n = line.split()
            counts[path] = int(n) if status == "200" else -1
        return counts

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

    @staticmethod
    def stop(gunicorn) -> None:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    def measure(self, args, extra_env: dict | None = None, note: str = "") -> Run:
        """Each page in `args.rounds` rounds of `args.seconds`, the pages taking
        turns, so a burst of other work on the machine falls on some rounds
        of every page rather than on all rounds of one; the median counts."""
        pages = self.spec.pages
        env = {**self.env, **(extra_env or {})}
        shell(env, snippets.FORGET_SIGNALS_CODE)
        gunicorn = self.start(env, args)
        rounds: dict[str, list[Result]] = {p.label: [] for p in pages}
        try:
            for round_ in range(args.rounds):
                for page in pages:
                    result = self.measure_round(args, page, warm_up=round_ == 0)
                    rounds[page.label].append(result)
                    print(f"  {self.staff:>6} staff {self.richtlijnen:>3} r. "
                          f"{note:<8} {page.label:<32} round {round_ + 1} "
                          f"{result.rps:7.0f} req/s  p50 {result.p50:6.1f} ms  "
                          f"errors {result.errors}", flush=True)  # fmt: skip
            memory = worker_peak_memory(gunicorn.pid)
        finally:
            self.stop(gunicorn)
        return Run([median_result(p, rounds[p.label]) for p in pages], memory)

    def measure_round(self, args, page: Page, warm_up: bool) -> Result:
        key, csrf = self.sessions[page.user]
        if warm_up:
            wrk(page.path, key, csrf, page.method, WARM_UP_SECONDS, args.connections)
        requests, errors, p50, p95, p99, duration = wrk(
            page.path, key, csrf, page.method, args.seconds, args.connections
        )
        return Result(
            page.label, page.path, int(requests), requests / duration,
            p50, p95, p99, int(errors),
        )  # fmt: skip

    def signing_wave(self, args) -> dict:
        """The overview's latency (one connection) while `args.connections`
        connections sign version 2 of social-media, each request as another
        person, against its latency on one connection without the wave."""
        signers = shell(self.env, snippets.signers_code(SIGNERS)).split()
        cookies = self.workdir / "signers.txt"
        cookies.write_text("\n".join(signers) + "\n")
        gunicorn = self.start(dict(self.env), args)
        key, csrf = self.sessions["beleid"]
        seconds = wave_seconds(args)
        try:
            wrk(OVERVIEW_PAGE, key, csrf, "GET", WARM_UP_SECONDS, 1)
            quiet = wrk(OVERVIEW_PAGE, key, csrf, "GET", seconds, 1)
            wave = subprocess.Popen(
                ["wrk", "-t", "1", "-c", str(args.connections), "-d",
                 f"{seconds}s", "--timeout", "10s", "-s", str(LUA),
                 "-H", f"Cookie: csrftoken={csrf}", BASE + RICHTLIJN_PAGE],
                stdout=subprocess.PIPE, text=True,
                env={**os.environ, "BENCH_METHOD": "SIGN", "BENCH_CSRF": csrf,
                     "BENCH_SESSIONS": str(cookies)},
            )  # fmt: skip
            during = wrk(OVERVIEW_PAGE, key, csrf, "GET", seconds, 1)
            out = wave.communicate(timeout=seconds + 60)[0]
        finally:
            self.stop(gunicorn)
        requests, errors, p50, _p95, _p99, duration = parse_result(out, "the wave")
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

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)
