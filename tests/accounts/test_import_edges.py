"""The HR import at the edges: control characters and over-long fields are
refused with line numbers, nothing is written until everything is checked,
and the writing is batched."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Department, User
from accounts.services import (
    StaffImportError,
    read_hr_file,
    staff_apply,
    staff_check,
)

pytestmark = pytest.mark.django_db

HEADER = "email,first_name,last_name,department,job_title,manager_email\n"


def run(tmp_path, text: str) -> str:
    path = tmp_path / "hr.csv"
    path.write_bytes(text.encode())
    with pytest.raises(CommandError) as refused:
        call_command("import_staff", str(path), stdout=StringIO(), stderr=StringIO())
    message = str(refused.value)
    assert message.startswith("Er is niets geïmporteerd")
    assert "Traceback" not in message
    assert not User.objects.exists() and not Department.objects.exists()
    return message


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x0b", "\x7f", "\x85"])
def test_control_characters_are_refused_by_line(tmp_path, char):
    message = run(
        tmp_path,
        HEADER
        + "l.jansen@sterkhuis.nl,Lars,Jansen,Pleegzorg,Teamleider,\n"
        + f"m.devries@sterkhuis.nl,Mi{char}la,de Vries,Pleegzorg,Begel{char}eider,\n",
    )
    assert "regel 3: een stuurteken in first_name, job_title" in message


def test_a_field_over_128_kb_is_refused_by_line(tmp_path):
    message = run(
        tmp_path,
        HEADER
        + "l.jansen@sterkhuis.nl,Lars,Jansen,Pleegzorg,Teamleider,\n"
        + f"m.devries@sterkhuis.nl,Mila,{'x' * 140_000},Pleegzorg,Begeleider,\n",
    )
    assert "regel 3: niet te lezen" in message


def test_fields_over_the_column_length_are_refused(tmp_path):
    message = run(
        tmp_path,
        HEADER + f"{'a' * 250}@sterkhuis.nl,{'L' * 200},Jansen,Pleegzorg,,\n",
    )
    assert "regel 2: email is langer dan 254 tekens" in message
    assert "regel 2: first_name is langer dan 150 tekens" in message


def rows(n: int, department: str = "Pleegzorg") -> bytes:
    lines = [HEADER, "baas@sterkhuis.nl,Bea,Baas,Directie,Directeur,\n"]
    lines += [
        f"m{i}@sterkhuis.nl,Voornaam{i},Achternaam{i},{department} {i % 7},"
        "Begeleider,baas@sterkhuis.nl\n"
        for i in range(n)
    ]
    return "".join(lines).encode()


def test_checking_writes_nothing_and_applying_writes_the_plan():
    plan = staff_check(rows=read_hr_file(rows(20)))
    assert not User.objects.exists() and not Department.objects.exists()
    assert len(plan.new_departments) == 8
    result = staff_apply(plan=plan)
    assert len(result.created) == 21
    assert User.objects.filter(hr_manager__email="baas@sterkhuis.nl").count() == 20

    with pytest.raises(StaffImportError) as refused:
        staff_check(rows=read_hr_file(rows(3) + b"m1@sterkhuis.nl,X,Y,Z,,\n"))
    assert refused.value.errors == ["regel 6: m1@sterkhuis.nl staat ook op regel 4"]


def test_writing_is_batched(tmp_path, django_assert_max_num_queries):
    path = tmp_path / "hr.csv"
    path.write_bytes(rows(3000))
    with django_assert_max_num_queries(40):
        call_command("import_staff", str(path), stdout=StringIO())
    assert User.objects.count() == 3001
    # A second run with changed titles updates in batches too.
    path.write_bytes(rows(3000).replace(b"Begeleider", b"Pleegzorgwerker"))
    with django_assert_max_num_queries(40):
        call_command("import_staff", str(path), stdout=StringIO())
    assert User.objects.filter(job_title="Pleegzorgwerker").count() == 3000
