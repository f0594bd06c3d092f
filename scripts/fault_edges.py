"""The fault test's cases at the edges (`make faults` runs them after the
database and mail outages, see fault_test.py).

The evidence: a signature's hash and an audit entry changed through SQL,
around the portal, are both caught by `verify_evidence`.

The partners' door: a flood of code requests for one partner from one client
address is throttled, and the partner's own request from another address
still gets a code mail that logs them in.

SQLite: the small installation's set-up under gunicorn with several workers
and threads. Sign requests from several tabs and signals sent at the same
moment all succeed, one signature is stored, and no request fails with
"database is locked".
"""

from __future__ import annotations

import functools
import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from fault_test import PG_PORT, PYTHON, ROOT, Browser, check, free_port, manage

PARTNER = "pleegouder@sterkhuis.test"
# Loopback is all of 127/8 on Linux: each "device" is a source address.
OUTSIDER = "127.0.0.3"
PARTNERS_HOME = "127.0.0.2"
FLOOD = 12


class BrowserAt(Browser):
    """A browser on another device: its requests come from `address`."""

    def __init__(self, address: str, base: str | None = None) -> None:
        class FromAddress(urllib.request.HTTPHandler):
            # In place of urllib's own HTTPHandler (build_opener leaves that
            # out when given a subclass).
            def http_open(self, req):
                return self.do_open(
                    functools.partial(
                        http.client.HTTPConnection, source_address=(address, 0)
                    ),
                    req,
                )

        super().__init__(base, FromAddress())


def code_mails(env: dict) -> list[str]:
    """The login codes stored for the partner, oldest first."""
    code = (
        "import json; from outbox.models import Message;"
        f"print(json.dumps(list(Message.objects.filter(to={PARTNER!r},"
        " template='login_code').order_by('pk').values_list('body', flat=True))))"
    )
    bodies = json.loads(manage(env, "shell", "--no-imports", "-c", code).strip())
    return [m.group(1) for b in bodies if (m := re.search(r"is:\s+(\S+)", b))]


def partner_door(env: dict) -> None:
    print("--- a flood of code requests for one partner", flush=True)
    before = len(code_mails(env))
    # A fresh session each time, as a script would: a session that asked
    # for a code is sent on to the page that asks for it.
    statuses = [
        BrowserAt(OUTSIDER).post_form("/accounts/login/code/", {"email": PARTNER})[0]
        for _ in range(FLOOD)
    ]
    sent = len(code_mails(env)) - before
    check(
        statuses.count(302) == 3 and set(statuses) <= {200, 302} and sent == 3,
        f"{FLOOD} requests from one client: {statuses.count(302)} codes sent "
        f"({sent} mails), the rest refused on the form",
    )
    partner = BrowserAt(PARTNERS_HOME)
    status, _, _ = partner.post_form("/accounts/login/code/", {"email": PARTNER})
    codes = code_mails(env)
    check(
        status == 302 and len(codes) == before + sent + 1,
        f"the partner's own request from another address: HTTP {status}, "
        f"{len(codes) - before - sent} code mail",
    )
    status, _, _ = partner.post_form(
        "/accounts/login/code/confirm/", {"code": codes[-1] if codes else ""}
    )
    status_home, page, _ = partner.request("/")
    check(
        status == 302 and status_home == 200 and "Uitloggen" in page,
        f"that code logs the partner in (HTTP {status}, then {status_home})",
    )


SQLITE_SETUP = """
from accounts.models import Department, User
from policy.models import Guideline, GuidelineVersion
from policy.services import version_publish

department = Department.objects.create(name="Team Noord")
guideline = Guideline.objects.create(slug="social-media", title="Social media")
draft = GuidelineVersion.objects.create(
    guideline=guideline, body="## Inleiding\\n\\nGebruik je gezond verstand.\\n"
)
version_publish(version=draft, user=None, change_summary="", is_minor=False,
                approval_waived=True)
User.objects.create_user(
    email="medewerker@sterkhuis.test", password="sterkhuis-demo",
    first_name="Mila", last_name="de Vries", department=department,
)
"""

SQLITE_COUNTS = (
    "from policy.models import Signature; from reporting.models import Signal;"
    "print(Signature.objects.count(), Signal.objects.filter("
    "title='Tegelijk verstuurd').count())"
)
TABS = 6


class SQLiteSite:
    """The small installation's set-up: a SQLite file under gunicorn with
    several workers and threads. Its database is migrated in the background
    from the start of the fault test, so the wait overlaps the other cases."""

    def __init__(self, env: dict) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sqlite-fault-"))
        self.base = f"http://127.0.0.1:{free_port()}"
        self.env = {
            **env,
            "DATABASE_URL": f"sqlite:///{self.root / 'portaal.sqlite3'}",
            "SITE_URL": self.base,
            "MEDIA_ROOT": str(self.root / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        self.log = self.root / "gunicorn.log"
        self.failed: BaseException | None = None
        self.preparing = threading.Thread(target=self._prepare)
        self.preparing.start()

    def _prepare(self) -> None:
        try:
            manage(self.env, "migrate", "--no-input")
            manage(self.env, "createcachetable")
            manage(self.env, "shell", "--no-imports", "-c", SQLITE_SETUP)
        except BaseException as error:  # reported when the case runs
            self.failed = error

    def serve(self) -> subprocess.Popen:
        self.preparing.join()
        if self.failed is not None:
            raise self.failed
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py",
             "--workers", "3", "--threads", "2",
             "--bind", self.base.removeprefix("http://")],
            cwd=ROOT, env=self.env, stderr=self.log.open("w"),
        )  # fmt: skip
        for _ in range(150):
            try:
                if Browser(self.base).request("/health/", timeout=1)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        return server

    def cleanup(self) -> None:
        self.preparing.join()
        shutil.rmtree(self.root, ignore_errors=True)


def sqlite_writes(site: SQLiteSite) -> None:
    """Several tabs writing at once on a SQLite portal under gunicorn."""
    print("--- SQLite: simultaneous writes under gunicorn", flush=True)
    server = site.serve()
    try:
        browser = Browser(site.base)
        status, _, _ = browser.post_form(
            "/accounts/login/",
            {"login": "medewerker@sterkhuis.test", "password": "sterkhuis-demo"},
        )
        check(status == 302, f"SQLite: the employee logs in (HTTP {status})")
        browser.request("/meldingen/nieuw/")
        statuses = _at_once(browser)
        check(
            statuses == [302] * (2 * TABS),
            f"SQLite: {TABS} sign posts and {TABS} signals at once: {statuses}",
        )
        signatures, signals = manage(
            site.env, "shell", "--no-imports", "-c", SQLITE_COUNTS
        ).split()
        check(
            (signatures, signals) == ("1", str(TABS)),
            f"SQLite: {signatures} signature and {signals} signals stored",
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        errors = site.log.read_text() if site.log.exists() else ""
        check(
            "database is locked" not in errors and "Traceback" not in errors,
            "SQLite: no request failed with 'database is locked'",
        )


def _at_once(browser: Browser) -> list[int]:
    """TABS sign posts and TABS signals, released together."""
    csrf = browser.csrf()
    barrier = threading.Barrier(2 * TABS)
    statuses: list[int] = []
    lock = threading.Lock()

    def post(path: str, fields: dict) -> None:
        barrier.wait()
        status = browser.request(path, {"csrfmiddlewaretoken": csrf, **fields})[0]
        with lock:
            statuses.append(status)

    sign = {"version": "1", "confirmed": "on"}
    threads = [
        threading.Thread(target=post, args=("/richtlijnen/social-media/", sign))
        for _ in range(TABS)
    ] + [
        threading.Thread(
            target=post,
            args=(
                "/meldingen/nieuw/",
                {
                    "kind": "compliment",
                    "title": "Tegelijk verstuurd",
                    "description": "Een pleegouder bedankt ons.",
                    "url": "https://www.facebook.com/x/posts/11",
                    "platform": "facebook",
                    "seen_on": "",
                    "pending": "",
                    "submission_key": f"5a5a5a5a-0000-4000-8000-0000000000{n:02d}",
                },
            ),
        )
        for n in range(TABS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


# --- The evidence ----------------------------------------------------------


def verify_evidence(env: dict) -> tuple[int, str]:
    result = subprocess.run(
        [PYTHON, "manage.py", "verify_evidence"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


def psql(sql: str) -> str:
    """SQL as the database's superuser, as someone with access to the server
    would run it, going around the portal."""
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", "app",
         "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def evidence(env: dict) -> None:
    """Tamper with a signature and an audit entry through SQL: both caught."""
    code = (
        "from audit.models import AuditEvent as A; from policy.models import "
        "Signature as S; print(A._meta.db_table, S._meta.db_table)"
    )
    audit, signatures = manage(env, "shell", "--no-imports", "-c", code).split()
    status, output = verify_evidence(env)
    check(status == 0, f"verify_evidence passes on untouched data (exit {status})")
    first = f"(SELECT min(id) FROM {signatures})"
    kept = psql(f"SELECT text_sha256 FROM {signatures} WHERE id = {first}")
    psql(f"UPDATE {signatures} SET text_sha256 = repeat('0', 64) WHERE id = {first}")
    status, output = verify_evidence(env)
    check(
        status == 1 and "signature " in output,
        f"a signature's hash changed by SQL is caught (exit {status})",
    )
    psql(f"UPDATE {signatures} SET text_sha256 = '{kept}' WHERE id = {first}")
    status, _ = verify_evidence(env)
    check(status == 0, f"and put back, it passes again (exit {status})")
    trigger = "audit_auditevent_refuse_update"
    entry = f"(SELECT min(id) + 1 FROM {audit})"
    psql(
        f"ALTER TABLE {audit} DISABLE TRIGGER {trigger}; "
        f"UPDATE {audit} SET actor_email = 'iemand@anders.test' WHERE id = {entry}; "
        f"ALTER TABLE {audit} ENABLE TRIGGER {trigger}"
    )
    status, output = verify_evidence(env)
    check(
        status == 1 and "audit entry" in output,
        f"an audit entry rewritten around its trigger is caught (exit {status})",
    )
