"""`/richtlijnen/<slug>/auditdossier.zip`: the auditor's dossier, streamed."""

from __future__ import annotations

import csv
import hashlib
import io
import time
import zipfile
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import User
from audit.models import Action, AuditEvent
from policy.models import Signature
from policy.services import signature_create

pytestmark = pytest.mark.django_db
URL = "/richtlijnen/social-media/auditdossier.zip"


def reset_peak_memory() -> None:
    """Linux: start counting this process's peak resident memory afresh."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def peak_memory() -> int:
    """This process's peak resident memory (VmHWM), in bytes."""
    with open("/proc/self/status") as f:
        line = next(line for line in f if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def test_the_address_is_the_contract():
    assert reverse("insight:audit_dossier", args=["social-media"]) == URL


def archive_of(response) -> zipfile.ZipFile:
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_dossier_holds_every_version_with_a_manifest(
    client, beleid, medewerker, publish
):
    first = publish(title="Richtlijnen social media")
    signature_create(user=medewerker, version=first)
    second = publish(body="## Inleiding\n\nNieuw.\n", summary="Inleiding herschreven.")
    client.force_login(beleid)
    archive = archive_of(client.get(URL))
    names = archive.namelist()
    assert names == [
        "LEESMIJ.txt",
        "versie-01/tekst.pdf",
        "versie-01/handtekeningen.xlsx",
        "versie-02/tekst.pdf",
        "versie-02/handtekeningen.xlsx",
        "herzieningen.csv",
        "auditlog.csv",
        "SHA256SUMS",
    ]
    manifest = archive.read("SHA256SUMS").decode().splitlines()
    assert len(manifest) == len(names) - 1
    for line in manifest:
        digest, name = line.split("  ")
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest

    text = PdfReader(io.BytesIO(archive.read("versie-02/tekst.pdf"))).pages[0]
    text = text.extract_text()
    assert "versie 2" in text and "Inleiding herschreven." in text
    assert second.body_sha256[:20] in text.replace("\n", "")
    assert "pagina 1 van" in text

    sheet = load_workbook(io.BytesIO(archive.read("versie-01/handtekeningen.xlsx")))
    rows = list(sheet.worksheets[0].values)
    assert rows[1][0] == medewerker.email
    assert rows[1][6] == first.body_sha256
    assert len(list(load_workbook(
        io.BytesIO(archive.read("versie-02/handtekeningen.xlsx"))
    ).worksheets[0].values)) == 1  # fmt: skip

    log = list(
        csv.reader(io.StringIO(archive.read("auditlog.csv").decode("utf-8-sig")))
    )
    assert sum(1 for row in log if row[1] == "versie gepubliceerd") == 2
    reviews = archive.read("herzieningen.csv").decode("utf-8-sig")
    assert "Inleiding herschreven." in reviews
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, details__kind="auditdossier"
    ).exists()


def test_only_beleid_and_superusers(client, medewerker, pr_user, publish):
    publish()
    for user in (medewerker, pr_user):
        client.force_login(user)
        assert client.get(URL).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.slow
def test_fifty_thousand_signatures_stream_in_flat_memory(client, beleid, publish):
    version = publish()
    users = User.objects.bulk_create(
        User(email=f"p{n}@sterkhuis.test", first_name="P", last_name=str(n))
        for n in range(50_000)
    )
    Signature.objects.bulk_create(
        (
            Signature(user=u, version=version, text_sha256=version.body_sha256)
            for u in users
        ),
        batch_size=5000,
    )
    del users
    client.force_login(beleid)
    reset_peak_memory()
    before = peak_memory()
    started = time.monotonic()
    size = sum(len(chunk) for chunk in client.get(URL).streaming_content)
    seconds = time.monotonic() - started
    grown = peak_memory() - before
    # The time is reported, not asserted: speed is measured by `make bench`,
    # and a shared machine's load would make a limit here flaky.
    print(f"dossier: {seconds:.1f} s, {size} bytes, grew {grown}")
    # Flat: the process grew by far less than the rows would take in memory
    # (50,000 signatures with their people as objects: some 200 MB).
    assert grown < 60 * 1024 * 1024, f"grew {grown / 1e6:.0f} MB"
    assert size > 300_000
