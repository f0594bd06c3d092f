from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from accounts import roles
from accounts.models import Department, User
from policy.services import signature_create

pytestmark = pytest.mark.django_db

HEADER = "email,first_name,last_name,department,job_title,manager_email\n"
GOOD = HEADER + (
    "l.jansen@sterkhuis.nl,Lars,Jansen,Pleegzorg,Teamleider,\n"
    "m.devries@sterkhuis.nl,Mila,de Vries,Pleegzorg,Begeleider,l.jansen@sterkhuis.nl\n"
    "n.visser@sterkhuis.nl,Noor,Visser,Ambulant,Hulpverlener,l.jansen@sterkhuis.nl\n"
)


def write(tmp_path: Path, text: str, encoding="utf-8") -> Path:
    path = tmp_path / "hr.csv"
    path.write_bytes(text.encode(encoding))
    return path


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_staff", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_creates_accounts_departments_and_managers(tmp_path):
    roles.ensure_groups()
    output = run(write(tmp_path, GOOD))
    assert "3 created, 0 updated" in output
    mila = User.objects.get(email="m.devries@sterkhuis.nl")
    assert mila.department.name == "Pleegzorg"
    assert mila.hr_manager.email == "l.jansen@sterkhuis.nl"
    assert not mila.has_usable_password()
    assert set(Department.objects.values_list("name", flat=True)) == {
        "Pleegzorg",
        "Ambulant",
    }
    lars = User.objects.get(email="l.jansen@sterkhuis.nl")
    assert Department.objects.get(name="Pleegzorg").manager == lars
    assert roles.in_group(lars, roles.LEIDINGGEVENDE)

    again = run(write(tmp_path, GOOD))
    assert "0 created, 0 updated, 3 unchanged" in again
    assert User.objects.count() == 3


def test_updates_and_deactivates_missing_but_never_deletes(tmp_path, publish):
    run(write(tmp_path, GOOD))
    noor = User.objects.get(email="n.visser@sterkhuis.nl")
    signature = signature_create(user=noor, version=publish())[0]
    changed = HEADER + (
        "l.jansen@sterkhuis.nl,Lars,Jansen,Pleegzorg,Manager pleegzorg,\n"
        "m.devries@sterkhuis.nl,Mila,de Vries,Pleegzorg,Begeleider,"
        "l.jansen@sterkhuis.nl\n"
    )
    output = run(write(tmp_path, changed), "--deactivate-missing")
    assert "1 updated" in output and "1 deactivated" in output
    noor.refresh_from_db()
    assert not noor.is_active
    assert signature.__class__.objects.filter(pk=signature.pk).exists()
    assert User.objects.get(email="l.jansen@sterkhuis.nl").job_title == (
        "Manager pleegzorg"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("job_title,", ""), "regel 1: kolom(men) ontbreken: job_title"),
        (GOOD.replace("n.visser@sterkhuis.nl,", "n.visser-at-sterkhuis,"), "regel 4"),
        (
            GOOD.replace(",l.jansen@sterkhuis.nl\nn", ",baas@elders.nl\nn"),
            "regel 3: onbekende leidinggevende",
        ),
        (
            GOOD + "m.devries@sterkhuis.nl,Mila,Twee,Pleegzorg,X,\n",
            "regel 5: m.devries@sterkhuis.nl staat ook op regel 3",
        ),
    ],
    ids=["missing-column", "bad-email", "unknown-manager", "duplicate"],
)
def test_bad_files_are_rejected_whole_with_line_numbers(tmp_path, text, message):
    with pytest.raises(CommandError) as excinfo:
        run(write(tmp_path, text))
    assert "Er is niets geïmporteerd" in str(excinfo.value)
    assert message in str(excinfo.value)
    assert not User.objects.exists()
    assert not Department.objects.exists()


def test_wrong_encoding_is_rejected(tmp_path):
    text = GOOD.replace("Visser", "Vïsser")
    with pytest.raises(CommandError) as excinfo:
        run(write(tmp_path, text, encoding="latin-1"))
    assert "geen UTF-8" in str(excinfo.value)
    assert not User.objects.exists()


def test_semicolons_dutch_headers_and_bom_are_understood(tmp_path):
    text = "\ufeffe-mail;voornaam;achternaam;afdeling;functie;leidinggevende\n"
    text += "a.b@sterkhuis.nl;An;Bos;Pleegzorg;Begeleider;\n"
    assert "1 created" in run(write(tmp_path, text))


def test_invites_let_new_staff_choose_a_password(
    tmp_path, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(write(tmp_path, GOOD), "--send-invites")
    assert len(mail.outbox) == 3
    body = mail.outbox[0].body
    link = next(
        line for line in body.splitlines() if "/accounts/password/reset/key/" in line
    )
    path = link.removeprefix(settings.SITE_URL)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert 'name="password1"' in response.text


def test_sample_file_imports(tmp_path):
    output = run(settings.BASE_DIR / "docs" / "hr-sample.csv")
    assert "5 created" in output
