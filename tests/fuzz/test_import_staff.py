"""Generated HR files for `manage.py import_staff`: random bytes, other
encodings, delimiters and rows. Never a traceback: either a clear error and
nothing imported, or every row imported as written."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.models import Department, User

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
EMAILS = [
    "l.jansen@sterkhuis.nl",
    "m.devries@sterkhuis.nl",
    "N.Visser@sterkhuis.nl",
    "geen-adres",
    "",
]
HEADERS = [
    ["email", "first_name", "last_name", "department", "job_title", "manager_email"],
    ["e-mail", "voornaam", "achternaam", "afdeling", "functie", "leidinggevende"],
    ["email", "first_name", "department"],  # columns missing
]
words = st.one_of(
    st.sampled_from(["Pleegzorg", "Ambulant", "Mila", "de Vries", "<script>"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
names = st.sampled_from(["Mila", "de Vries", "Noor", "<script>alert(1)</script>"])
any_rows = st.lists(
    st.tuples(
        st.sampled_from(EMAILS), words, words, words, words, st.sampled_from(EMAILS)
    ),
    max_size=6,
)


@st.composite
def good_rows(draw) -> list[tuple[str, ...]]:
    """Rows that should import: unique addresses, known managers."""
    emails = draw(st.lists(st.sampled_from(EMAILS[:3]), unique=True, min_size=1))
    return [
        (
            email,
            draw(names),
            draw(st.one_of(names, words)),
            draw(st.sampled_from(["Pleegzorg", "Ambulant", "Ambulante hulp 🙂"])),
            draw(st.one_of(st.just(""), words)),
            draw(st.sampled_from(["", *[e for e in emails if e != email]])),
        )
        for email in emails
    ]


rows = st.one_of(any_rows, good_rows())


@st.composite
def hr_files(draw) -> tuple[bytes, list[tuple[str, ...]] | None]:
    """A file's bytes, and the rows it holds when it is a well-formed CSV."""
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.binary(max_size=500)), None
    header = draw(st.sampled_from(HEADERS))
    body = draw(rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";"])))
    writer.writerow(header)
    writer.writerows(row[: len(header)] for row in body)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = out.getvalue().encode("utf-8")
    if draw(st.integers(0, 3)) == 0:
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
        return data, None
    return data, body


@FUZZ
@given(file=hr_files())
def test_import_staff_never_fails_badly(tmp_path, file):
    data, written = file
    path = tmp_path / "hr.csv"
    path.write_bytes(data)
    before = (
        list(User.objects.order_by("pk").values()),
        list(Department.objects.order_by("pk").values()),
    )
    out = StringIO()
    try:
        call_command("import_staff", str(path), stdout=out, stderr=StringIO())
    except CommandError as error:
        assert str(error).startswith("Er is niets geïmporteerd")
        assert "Traceback" not in str(error)
        after = (
            list(User.objects.order_by("pk").values()),
            list(Department.objects.order_by("pk").values()),
        )
        assert after == before
        return
    assert "created" in out.getvalue()
    if written is None:
        return
    event("imported")
    # Each row is there as written (cells are stripped of surrounding space).
    for email, first, last, department, job, _manager in written:
        user = User.objects.get(email=email.lower())
        assert user.is_active
        assert user.first_name == first.strip()
        assert user.last_name == last.strip()
        assert user.department.name == department.strip()
        assert user.job_title == job.strip()
        user.full_clean(exclude=["password"])


def test_overlong_cells_are_refused_with_nothing_imported(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(
        "email,first_name,last_name,department,job_title,manager_email\n"
        f"a.bakker@sterkhuis.nl,Anna,Bakker,{'P' * 200},{'T' * 200},\n"
    )
    with pytest.raises(CommandError, match="Er is niets geïmporteerd") as refused:
        call_command("import_staff", str(path), stdout=StringIO(), stderr=StringIO())
    assert "regel 2: department is langer dan 120 tekens" in str(refused.value)
    assert not User.objects.exists()
