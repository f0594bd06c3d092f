"""The two imports read CSV through one reader: the same checks, the same
Dutch messages by line number, the same flags."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User
from core.csvfile import CsvFileError, csv_read

pytestmark = pytest.mark.django_db

STAFF = (
    "email,first_name,last_name,department,job_title,manager_email\n",
    "l.jansen@sterkhuis.nl,Lars,Jansen,Pleegzorg,Teamleider,\n",
    "m.devries@sterkhuis.nl,Mila,{cell},Pleegzorg,Begeleider,\n",
)
PARTNERS = (
    "e-mail,naam,contactpersoon\n",
    "j.devries@example.nl,Jolanda de Vries,contact@sterkhuis.test\n",
    "p.bakker@example.nl,{cell},contact@sterkhuis.test\n",
)
COMMANDS = [("import_staff", STAFF), ("import_partners", PARTNERS)]


@pytest.fixture
def contact(user_factory):
    return user_factory(email="contact@sterkhuis.test", first_name="Mila")


def refused(tmp_path, command: str, lines: tuple[str, ...], cell: str) -> str:
    path = tmp_path / "import.csv"
    path.write_bytes("".join(lines).format(cell=cell).encode())
    before = User.objects.count()
    with pytest.raises(CommandError) as error:
        call_command(command, str(path), stdout=StringIO(), stderr=StringIO())
    message = str(error.value)
    assert message.startswith("Er is niets geïmporteerd")
    assert "Traceback" not in message
    assert User.objects.count() == before
    return message


@pytest.mark.parametrize(("command", "lines"), COMMANDS, ids=["staff", "partners"])
def test_both_imports_refuse_a_field_over_128_kb_with_its_line(
    tmp_path, contact, command, lines
):
    message = refused(tmp_path, command, lines, "x" * 200_000)
    assert "regel 3: niet te lezen" in message


@pytest.mark.parametrize(("command", "lines"), COMMANDS, ids=["staff", "partners"])
def test_both_imports_refuse_control_characters_with_the_same_message(
    tmp_path, contact, command, lines
):
    message = refused(tmp_path, command, lines, "Pe\x1bter")
    assert "regel 3: een stuurteken in" in message


@pytest.mark.parametrize(("command", "lines"), COMMANDS, ids=["staff", "partners"])
def test_both_imports_refuse_another_encoding_in_dutch(
    tmp_path, contact, command, lines
):
    path = tmp_path / "import.csv"
    path.write_bytes("".join(lines).format(cell="Vïsser").encode("latin-1"))
    with pytest.raises(CommandError, match="Het bestand is geen UTF-8"):
        call_command(command, str(path), stdout=StringIO(), stderr=StringIO())


def test_the_reader_finds_the_separator_and_numbers_the_lines_where_rows_start():
    columns = {"email": ("e-mail",), "name": ("naam",), "phone": ("telefoon",)}
    data = (
        '\ufeffe-mail;naam\r\na@example.nl;"Anna\r\nBakker"\r\n\r\nb@example.nl;Bo\r\n'
    ).encode()
    with pytest.raises(CsvFileError, match="regel 2: een stuurteken in name"):
        csv_read(data, columns=columns, optional=["phone"])
    data = b"e-mail\tnaam\na@example.nl\tAnna\n\nb@example.nl\tBo\n"
    # An optional column that is not in the file is not in its rows either.
    assert csv_read(data, columns=columns, optional=["phone"]) == [
        (2, {"email": "a@example.nl", "name": "Anna"}),
        (4, {"email": "b@example.nl", "name": "Bo"}),
    ]
    with_phone = b"e-mail,naam,telefoon\na@example.nl,Anna,\n"
    assert csv_read(with_phone, columns=columns, optional=["phone"]) == [
        (2, {"email": "a@example.nl", "name": "Anna", "phone": ""})
    ]
    with pytest.raises(CsvFileError, match="regel 1: kolom"):
        csv_read(data, columns=columns)


@pytest.mark.parametrize(("command", "lines"), COMMANDS, ids=["staff", "partners"])
def test_both_imports_take_the_same_invitation_flags(
    tmp_path, contact, command, lines, django_capture_on_commit_callbacks
):
    text = "".join(lines).format(cell="Visser")
    path = tmp_path / "import.csv"
    for flag, others, invited in [
        ("--no-send-invites", "", 0),
        ("--send-invites", "2", 2),  # two more people
    ]:
        path.write_bytes(text.replace(".nl,", f"{others}.nl,").encode())
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(command, str(path), flag, stdout=StringIO())
        assert len(mail.outbox) == invited, flag
