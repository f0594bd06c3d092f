#!/usr/bin/env python3
"""`make screenshots`: render the portal's main pages into docs/screenshots/.

Starts the site with the demo data on a free port on 127.0.0.1, in its own
temporary SQLite database and MEDIA_ROOT (the developer's db.sqlite3 is never
touched), logs in with the demo accounts and photographs each page with
Playwright and Debian's Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright
from serving import wait_for

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "sterkhuis-demo"
# The demo accounts that may open the admin have this TOTP secret (demo only).
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

DATA_CODE = """
from accounts.models import User
from policy.models import Guideline, GuidelineVersion
from policy.services import review_decide, review_request, version_publish
from reporting.submission import signal_submit
g = Guideline.objects.get(slug="social-media")
v1 = g.versions.get(number=1)
body = v1.body.replace("Vermeld nooit namen van cliënten.",
                       "Vermeld nooit namen of foto's van cliënten.")
beleid = User.objects.get(email="beleid@sterkhuis.test")
kim = User.objects.get(email="kwaliteit@sterkhuis.test")
draft = GuidelineVersion.objects.create(guideline=g, body=body, created_by=beleid)
review_decide(request=review_request(version=draft, user=beleid, reviewer=kim),
              user=kim, decision="approve")
version_publish(version=draft, user=beleid,
                change_summary="Foto's van cliënten genoemd")
medewerker = User.objects.get(email="medewerker@sterkhuis.test")
for kind, title, platform in [
    ("compliment", "Mooi artikel over pleegzorg in de krant", "nieuwssite"),
    ("kritiek", "Boze reactie onder ons bericht", "facebook"),
    ("vraag", "Mag ik deze foto van ons teamuitje plaatsen?", "instagram"),
]:
    signal_submit(reporter=medewerker, kind=kind, title=title, platform=platform,
                  description="Gezien op " + platform + ".",
                  url="https://www.example.nl/" + kind)
"""


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: HMAC-SHA1 over the 30-second step, 6 digits."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def login(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    # Accounts with a second factor are asked for a code next.
    code = page.locator("input[name=code]")
    if code.count():
        code.fill(totp(TOTP_SECRET))
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
    expect(page.locator("input[name=password]")).to_have_count(0)


def shoot(page: Page, name: str, full_page: bool = False) -> None:
    """Save a PNG, reduced to a 256-colour palette: text stays sharp and the
    file is a fraction of the size."""
    raw = page.screenshot(full_page=full_page)
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    path = OUT / f"{name}.png"
    image.save(path, optimize=True)
    print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} kB)")


def main() -> int:
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    workdir = Path(tempfile.mkdtemp(prefix="screenshots-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = None
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "createcachetable")
        manage(env, "demo")
        manage(env, "shell", "--no-imports", "-c", DATA_CODE)
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(f"{base}/health/")
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-sync"],
            )  # fmt: skip
            page = browser.new_page(viewport=DESKTOP, locale="nl-NL")

            page.goto(f"{base}/accounts/login/")
            shoot(page, "login")

            login(page, base, "medewerker@sterkhuis.test")
            for name, path in [
                ("start", "/"),
                ("richtlijnen", "/richtlijnen/"),
                ("richtlijn", "/richtlijnen/social-media/"),
                ("vergelijk", "/richtlijnen/social-media/versies/1/vergelijk/2/"),
                ("mijn-meldingen", "/meldingen/"),
            ]:
                page.goto(base + path)
                shoot(page, name)

            page.set_viewport_size(PHONE)
            page.goto(f"{base}/richtlijnen/social-media/")
            shoot(page, "richtlijn-telefoon")
            page.set_viewport_size(DESKTOP)

            page.goto(f"{base}/meldingen/nieuw/")
            page.get_by_text("Compliment", exact=True).click()
            page.get_by_label("Titel").fill("Bedankje van een pleegmoeder")
            page.get_by_label("Toelichting").fill(
                "Ze belde over haar pleegdochter, geboren 12-03-2014: 06-12345678."
            )
            page.get_by_label("Link").fill("https://www.facebook.com/posts/1")
            page.get_by_role("button", name="Melding versturen").click()
            expect(page.locator("#privacy-warning")).to_be_visible()
            page.locator("#privacy-warning").scroll_into_view_if_needed()
            shoot(page, "melding-privacywaarschuwing")

            login(page, base, "beleid@sterkhuis.test")
            page.goto(f"{base}/naleving/")
            shoot(page, "naleving")

            login(page, base, "pr@sterkhuis.test")
            page.goto(f"{base}/admin/reporting/signal/")
            shoot(page, "pr-wachtrij")
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
