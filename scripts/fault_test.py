#!/usr/bin/env python3
"""Stop PostgreSQL under a running portal and check that it fails well and recovers.

Starts a throwaway PostgreSQL cluster and the portal under gunicorn with
production settings, logs in as the demo employee, then stops the database:
`/health/` must answer 503 within 2 seconds, pages a Dutch 503 page without a
traceback, and a signature posted meanwhile must not be half-saved. After the
database is started again the same gunicorn processes must serve pages again,
and the retried signature must be stored exactly once.

Then the mail server: with it stopped, a signal, a possible breach, a login
code and a password reset are answered as usual and wait in the outbox
(`/health/` says how many); once it is back, `db_worker` delivers every one
of them exactly once, without anyone acting.

Then uploads: five maximal images in one post are answered within a few
seconds by a worker that survives; workers killed in the middle of uploads
leave, after `purge_signals`, no file without a row and no row without a file.

Then, in fault_edges.py: the partners' door under a flood of code requests,
the evidence tampered with through SQL, and simultaneous writes on SQLite.

Run as root (PostgreSQL runs as the `postgres` user): `make faults`.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    """A port nothing listens on now, so a leftover server cannot clash."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PG_PORT = int(os.environ.get("FAULT_PG_PORT") or free_port())
SMTP_PORT = int(os.environ.get("FAULT_SMTP_PORT") or free_port())
WEB_PORT = int(os.environ.get("FAULT_WEB_PORT") or free_port())
BASE = f"http://127.0.0.1:{WEB_PORT}"
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        failures.append(what)


def pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not versions:
        sys.exit("PostgreSQL is not installed (/usr/lib/postgresql/*/bin).")
    return versions[-1]


class Postgres:
    def __init__(self) -> None:
        self.bin = pg_bin()
        self.root = Path(tempfile.mkdtemp(prefix="pg-fault-"))
        shutil.chown(self.root, "postgres", "postgres")
        self.data = self.root / "data"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def init(self) -> None:
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-qc",
             "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB", "-c",
             "CREATE DATABASE app OWNER app"],
            check=True,
        )  # fmt: skip

    def start(self) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
            str(self.root / "log"), "-w", "-o",
            f"-p {PG_PORT} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
        )

    def cleanup(self) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D",
             str(self.data), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, base: str | None = None, *handlers) -> None:
        self.base = base or BASE
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect(), *handlers
        )

    def request(self, path: str, data: dict | None = None, timeout: float = 10):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        start = time.monotonic()
        try:
            with self.opener.open(req, timeout=timeout) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        return status, text, time.monotonic() - start

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post_form(self, path: str, fields: dict):
        self.request(path)
        return self.request(path, {"csrfmiddlewaretoken": self.csrf(), **fields})


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout


def signatures(env: dict) -> int:
    code = (
        "from policy.models import Signature;"
        "print(Signature.objects.filter(user__email='medewerker@sterkhuis.test')"
        ".count())"
    )
    return int(manage(env, "shell", "--no-imports", "-c", code).strip())


def signals(env: dict) -> int:
    """The signals this test posts (the demo brings signals of its own)."""
    code = (
        "from reporting.models import Signal;"
        "print(Signal.objects.filter(title='Compliment tijdens storing').count())"
    )
    return int(manage(env, "shell", "--no-imports", "-c", code).strip())


def right_answers(env: dict) -> dict:
    """The sign form's scenario questions of social-media, answered rightly."""
    code = (
        "import json; from policy.models import GuidelineVersion as V;"
        "v = V.objects.in_force().get(guideline__slug='social-media');"
        "print(json.dumps({f'question_{q.pk}': str(q.correct)"
        " for q in v.questions.all()}))"
    )
    return json.loads(manage(env, "shell", "--no-imports", "-c", code).strip())


def multipart(fields: dict, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "----sterkhuis-fault-test"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="{filename}"\r\nContent-Type: image/webp\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_files(browser: Browser, fields: dict, files, timeout: float = 30):
    body, content_type = multipart(fields, files)
    req = urllib.request.Request(
        BASE + "/meldingen/nieuw/", data=body, headers={"Content-Type": content_type}
    )
    start = time.monotonic()
    try:
        with browser.opener.open(req, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0  # the worker was killed mid-request
    return status, time.monotonic() - start


def webp(size: tuple[int, int]) -> bytes:
    code = (
        "import io,sys;from PIL import Image;b=io.BytesIO();"
        f"Image.new('RGB',{size},(200,100,50)).save(b,'WEBP',method=0);"
        "sys.stdout.buffer.write(b.getvalue())"
    )
    return subprocess.run([PYTHON, "-c", code], capture_output=True, check=True).stdout


def files_and_rows(env: dict) -> tuple[set[str], set[str]]:
    code = (
        "import json,os;from django.conf import settings;"
        "from reporting.models import Attachment;"
        "root=str(settings.MEDIA_ROOT);"
        "print(json.dumps([os.path.relpath(os.path.join(d,f),root) "
        "for d,_,fs in os.walk(root) for f in fs]));"
        "print(json.dumps(list(Attachment.objects.values_list('file',flat=True))))"
    )
    on_disk, rows = manage(env, "shell", "--no-imports", "-c", code).splitlines()
    return set(json.loads(on_disk)), set(json.loads(rows))


def uploads(env: dict, gunicorn: subprocess.Popen, browser: Browser) -> None:
    csrf = browser.csrf()
    fields = {
        "csrfmiddlewaretoken": csrf,
        "kind": "compliment",
        "title": "Compliment met schermafdrukken",
        "description": "Een pleegouder bedankt ons.",
        "url": "https://www.facebook.com/x/posts/10",
        "platform": "facebook",
        "seen_on": "",
        "pending": "",
    }
    workers = set(
        subprocess.run(
            ["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True
        ).stdout.split()
    )
    huge = webp((7000, 7000))
    status, seconds = post_files(
        browser,
        {**fields, "submission_key": "0f0f0f0f-0000-4000-8000-000000000001"},
        [(f"{n}.webp", huge) for n in range(5)],
    )
    check(
        status == 200 and seconds < 5,
        f"five 49-megapixel images: refused (HTTP {status}) in {seconds:.2f} s",
    )
    still = set(
        subprocess.run(
            ["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True
        ).stdout.split()
    )
    check(workers <= still, "the worker survived them")

    screenshot = webp((3840, 2160))
    for attempt, delay in enumerate((0.2, 0.5, 0.8, 1.2, 1.6)):
        key = f"0f0f0f0f-0000-4000-8000-0000000001{attempt:02d}"
        poster = threading.Thread(
            target=post_files,
            args=(
                browser,
                {**fields, "submission_key": key},
                [(f"{n}.webp", screenshot) for n in range(3)],
            ),
        )
        poster.start()
        time.sleep(delay)
        for pid in subprocess.run(
            ["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True
        ).stdout.split():
            os.kill(int(pid), signal.SIGKILL)
        poster.join(timeout=30)
        for _ in range(100):
            try:
                if Browser().request("/health/", timeout=1)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
    print("--- killed workers during five uploads", flush=True)
    print(manage({**env, "PENDING_FILE_SECONDS": "0"}, "purge_signals").strip())
    on_disk, rows = files_and_rows(env)
    check(not on_disk - rows, f"no file without a row ({len(on_disk - rows)} left)")
    check(not rows - on_disk, f"no row without a file ({len(rows - on_disk)} left)")


class SMTPServer:
    """aiosmtpd writing what it accepts into a maildir; stopped and started
    like a real mail server."""

    def __init__(self) -> None:
        self.maildir = Path(tempfile.mkdtemp(prefix="mail-fault-")) / "Maildir"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}",
             "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", SMTP_PORT), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def message_ids(self) -> list[str]:
        import mailbox

        if not self.maildir.exists():
            return []
        return [str(m["Message-ID"]) for m in mailbox.Maildir(self.maildir)]


def outbox_ids(env: dict) -> list[str]:
    code = (
        "import json; from outbox.models import Message;"
        "print(json.dumps(list(Message.objects.values_list('message_id', flat=True))))"
    )
    return json.loads(manage(env, "shell", "--no-imports", "-c", code).strip())


def mail_outage(env: dict, smtp: SMTPServer, browser: Browser) -> None:
    print("--- stopping the mail server", flush=True)
    smtp.stop()
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.5"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        before = set(outbox_ids(env))
        status, _, _ = browser.request(
            "/meldingen/nieuw/",
            {"csrfmiddlewaretoken": browser.csrf(), "kind": "fout", "url": "",
             "title": "Foto van een pleegkind", "platform": "instagram",
             "description": "Ik heb een foto geplaatst.", "possible_breach": "on",
             "seen_on": "", "pending": "",
             "submission_key": "8d7f1c2e-7e43-4f59-9a53-0c1b7a1d2e31"},
        )  # fmt: skip
        check(status == 302, f"a possible breach without mail server: HTTP {status}")
        status, _, _ = Browser().post_form(
            "/accounts/login/code/", {"email": "pleegouder@sterkhuis.test"}
        )
        check(status == 302, f"a login code without mail server: HTTP {status}")
        status, _, _ = Browser().post_form(
            "/accounts/password/reset/", {"email": "medewerker@sterkhuis.test"}
        )
        check(status == 302, f"a password reset without mail server: HTTP {status}")
        new = set(outbox_ids(env)) - before
        check(len(new) >= 4, f"{len(new)} new messages wait in the outbox")
        time.sleep(3)
        status, page, _ = browser.request("/health/")
        check(
            status == 200 and "undelivered" in page and "mail: 0 " not in page,
            f"/health/ reports the waiting mail: {page.splitlines()[-1:]}",
        )
        print("--- starting the mail server again", flush=True)
        smtp.start()
        start = time.monotonic()
        while time.monotonic() - start < 60:
            if browser.request("/health/")[1].strip() == "ok":
                break
            time.sleep(0.5)
        arrived = smtp.message_ids()
        check(
            sorted(arrived) == sorted(outbox_ids(env)),
            f"every message arrived, each once ({len(arrived)}), within "
            f"{time.monotonic() - start:.1f} s of the server's return",
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def fault_env() -> dict:
    """Production settings on the throwaway PostgreSQL, mail through SMTP."""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://app:app@127.0.0.1:{PG_PORT}/app",
        "DEBUG": "0",
        "SECRET_KEY": "fault-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{WEB_PORT}",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        # Production's mail path: the outbox, the database task queue and
        # SMTP; retries come quickly here so the test need not wait long.
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "EMAIL_TIMEOUT": "5",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MAIL_RETRY_DELAYS": "2,4,8,16,3600",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="media-fault-"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def gunicorn_children(gunicorn: subprocess.Popen) -> list[str]:
    return subprocess.run(
        ["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True
    ).stdout.split()


def site_start(env: dict) -> subprocess.Popen:
    """Migrate, load the demo and serve it with gunicorn until /health/ answers."""
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input")
    manage({**env, "DEBUG": "1"}, "demo")
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py",
         "--workers", "2", "--bind", f"127.0.0.1:{WEB_PORT}"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            if Browser().request("/health/", timeout=1)[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return gunicorn


def employee_logged_in(env: dict) -> tuple[Browser, dict, str]:
    """The employee's browser on the richtlijn, with a sign form to post."""
    browser = Browser()
    status, _, _ = browser.post_form(
        "/accounts/login/",
        {"login": "medewerker@sterkhuis.test", "password": "sterkhuis-demo"},
    )
    check(status == 302, f"the employee logs in (HTTP {status})")
    status, page, _ = browser.request("/richtlijnen/social-media/")
    check(status == 200 and 'id="sign-form"' in page, "the richtlijn shows")
    csrf = browser.csrf()
    sign_post = {
        "csrfmiddlewaretoken": csrf,
        "version": "1",
        "confirmed": "on",
        **right_answers(env),
    }
    return browser, sign_post, csrf


def signal_form(csrf: str) -> dict:
    return {
        "csrfmiddlewaretoken": csrf,
        "kind": "compliment",
        "title": "Compliment tijdens storing",
        "description": "Een pleegouder bedankt ons.",
        "url": "https://www.facebook.com/x/posts/9",
        "platform": "facebook",
        "seen_on": "",
        "submission_key": "8d7f1c2e-7e43-4f59-9a53-0c1b7a1d2e30",
        "pending": "",
    }


def database_down(pg: Postgres, browser: Browser, sign_post, signal_post) -> None:
    """While PostgreSQL is stopped: Dutch 503s, fast, nothing half-saved."""
    print("--- stopping PostgreSQL", flush=True)
    pg.stop()
    status, _, seconds = browser.request("/health/")
    check(
        status == 503 and seconds < 2,
        f"/health/ answers {status} in {seconds:.2f} s (503 within 2 s)",
    )
    status, page, _ = browser.request("/richtlijnen/")
    check(
        status == 503 and "niet beschikbaar" in page and "Traceback" not in page,
        f"a page answers a Dutch 503 page without a traceback (HTTP {status})",
    )
    status, _, _ = browser.request("/richtlijnen/social-media/", sign_post)
    check(status == 503, f"signing while the database is down: HTTP {status}")
    status, _, _ = browser.request("/meldingen/nieuw/", signal_post)
    check(status == 503, f"a signal while the database is down: HTTP {status}")


def database_back(pg: Postgres, env: dict, browser: Browser, sign_post, signal_post):
    """PostgreSQL started again: the site recovers and a retry is stored once."""
    print("--- starting PostgreSQL again", flush=True)
    pg.start()
    recovered = None
    start = time.monotonic()
    while time.monotonic() - start < 30:
        if browser.request("/health/")[0] == 200:
            recovered = time.monotonic() - start
            break
        time.sleep(0.2)
    check(recovered is not None, f"/health/ recovers ({recovered or 0:.2f} s)")
    check(signatures(env) == 0, "nothing was half-saved while it was down")
    for attempt in (1, 2):
        status, _, _ = browser.request("/richtlijnen/social-media/", sign_post)
        check(status == 302, f"retried signature, attempt {attempt}: {status}")
    check(signatures(env) == 1, "the retried signature is stored once")
    check(signals(env) == 0, "no signal was half-saved while it was down")
    for attempt in (1, 2):
        status, _, _ = browser.request("/meldingen/nieuw/", signal_post)
        check(status == 302, f"retried signal, attempt {attempt}: {status}")
    check(signals(env) == 1, "the retried signal is stored once")
    status, page, _ = browser.request("/richtlijnen/social-media/")
    check(status == 200 and 'id="signed"' in page, "the page shows it signed")


def main() -> int:
    import fault_edges

    if os.geteuid() != 0:
        sys.exit("Run as root: PostgreSQL is started as the postgres user.")
    pg = Postgres()
    smtp = SMTPServer()
    gunicorn = None
    env = fault_env()
    sqlite = fault_edges.SQLiteSite(env)
    try:
        pg.init()
        smtp.start()
        gunicorn = site_start(env)
        workers = gunicorn_children(gunicorn)
        browser, sign_post, csrf = employee_logged_in(env)
        database_down(pg, browser, sign_post, signal_form(csrf))
        database_back(pg, env, browser, sign_post, signal_form(csrf))
        check(
            set(workers) <= set(gunicorn_children(gunicorn))
            and gunicorn.poll() is None,
            "recovered without restarting gunicorn or its workers",
        )
        mail_outage(env, smtp, browser)
        fault_edges.partner_door(env)
        uploads(env, gunicorn, browser)
        print("--- tampering with the evidence through SQL", flush=True)
        fault_edges.evidence(env)
        fault_edges.sqlite_writes(sqlite)
    finally:
        try:
            if gunicorn is not None:
                gunicorn.send_signal(signal.SIGTERM)
                gunicorn.wait(timeout=30)
        finally:
            smtp.stop()
            sqlite.cleanup()
            shutil.rmtree(smtp.maildir.parent, ignore_errors=True)
            pg.cleanup()
            shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    print(f"{len(failures)} failed" if failures else "all fault checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    # Run as the module fault_edges imports, so that both count their checks
    # in one list of failures.
    import fault_test

    sys.exit(fault_test.main())
