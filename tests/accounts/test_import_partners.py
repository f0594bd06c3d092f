"""The partner list: all or nothing, line-numbered reasons, never a deletion."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts import roles
from accounts.models import Partnership, User
from accounts.partners import partners_anonymise
from policy.models import Signature
from policy.services import signature_create

pytestmark = pytest.mark.django_db

HEADER = "e-mail,naam,contactpersoon\n"


@pytest.fixture
def contact(user_factory):
    return user_factory(email="contact@sterkhuis.test", first_name="Mila")


def run(tmp_path, text: str, *args: str) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_partners", str(path), *args)


def test_import_creates_partners_without_password_and_invites_them(
    tmp_path, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(
            tmp_path,
            HEADER
            + "J.deVries@example.nl,Jolanda de Vries,contact@sterkhuis.test\n"
            + "p.bakker@example.nl,Peter Bakker,CONTACT@sterkhuis.test\n",
        )

    jolanda = User.objects.get(email="j.devries@example.nl")
    assert (jolanda.first_name, jolanda.last_name) == ("Jolanda", "de Vries")
    assert not jolanda.has_usable_password()
    assert not jolanda.is_staff and jolanda.department is None
    assert jolanda.partnership.contact_person == contact
    assert roles.in_group(jolanda, roles.PARTNER)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "j.devries@example.nl",
        "p.bakker@example.nl",
    ]
    invitation = next(m for m in mail.outbox if m.to == ["j.devries@example.nl"])
    assert "/accounts/login/code/" in invitation.body
    assert "contact@sterkhuis.test" in invitation.body
    assert "wachtwoord heb je niet nodig" in invitation.body

    # Idempotent: the same file again changes nothing and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(
            tmp_path,
            HEADER
            + "j.devries@example.nl,Jolanda de Vries,contact@sterkhuis.test\n"
            + "p.bakker@example.nl,Peter Bakker,contact@sterkhuis.test\n",
        )
    assert Partnership.objects.count() == 2
    assert mail.outbox == []


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            "medewerker1@sterkhuis.test,Mila de Vries,contact@sterkhuis.test\n",
            "regel 3: medewerker1@sterkhuis.test is een account van een medewerker",
        ),
        ("nieuw@example.nl,Nieuw Iemand,\n", "regel 3: geen contactpersoon"),
        (
            "nieuw@example.nl,Nieuw Iemand,onbekend@sterkhuis.test\n",
            "regel 3: onbekende contactpersoon onbekend@sterkhuis.test",
        ),
        (
            "j.devries@example.nl,Jolanda de Vries,contact@sterkhuis.test\n",
            "regel 3: j.devries@example.nl staat ook op regel 2",
        ),
        ("geen-adres,Iemand,contact@sterkhuis.test\n", "regel 3: 'geen-adres' is geen"),
        ("nieuw@example.nl,,contact@sterkhuis.test\n", "regel 3: geen naam"),
    ],
    ids=["staff-email", "no-contact", "unknown-contact", "duplicate", "bad", "no-name"],
)
def test_a_bad_row_imports_nothing_and_says_where(
    tmp_path, contact, user_factory, rows, expected
):
    user_factory(email="medewerker1@sterkhuis.test")
    text = HEADER + "j.devries@example.nl,Jolanda de Vries,contact@sterkhuis.test\n"
    with pytest.raises(CommandError) as error:
        run(tmp_path, text + rows)

    assert "Er is niets geïmporteerd" in str(error.value)
    assert expected in str(error.value)
    assert not Partnership.objects.exists()
    assert not User.objects.filter(email="j.devries@example.nl").exists()


def test_missing_column_is_refused(tmp_path, contact):
    with pytest.raises(CommandError, match="regel 1: kolom"):
        run(tmp_path, "e-mail,naam\nx@example.nl,X\n")


def test_deactivate_missing_ends_partnerships_and_keeps_staff(
    tmp_path, contact, partner_factory, medewerker
):
    staying = partner_factory(email="blijft@example.nl", contact_person=contact)
    leaving = partner_factory(email="stopt@example.nl", contact_person=contact)

    run(
        tmp_path,
        HEADER + "blijft@example.nl,Blijft Hier,contact@sterkhuis.test\n",
        "--deactivate-missing",
    )

    leaving.refresh_from_db()
    assert not leaving.is_active
    assert leaving.partnership.ended_at is not None
    assert User.objects.filter(pk=leaving.pk).exists()  # never deleted
    staying.refresh_from_db()
    assert staying.is_active and staying.partnership.is_current
    assert (staying.first_name, staying.last_name) == ("Blijft", "Hier")
    medewerker.refresh_from_db()
    contact.refresh_from_db()
    assert medewerker.is_active and contact.is_active


def test_a_partner_on_the_list_again_starts_a_new_partnership(
    tmp_path, contact, partner_factory
):
    back = partner_factory(email="terug@example.nl", contact_person=contact)
    run(tmp_path, HEADER, "--deactivate-missing")
    back.refresh_from_db()
    assert not back.is_active

    run(tmp_path, HEADER + "terug@example.nl,Weer Terug,contact@sterkhuis.test\n")

    back.refresh_from_db()
    assert back.is_active and back.partnership.is_current


def test_staff_import_leaves_partners_alone(tmp_path, partner, department):
    path = tmp_path / "hr.csv"
    path.write_text(
        "email,first_name,last_name,department,job_title,manager_email\n"
        "nieuw@sterkhuis.test,Nieuw,Collega,Pleegzorg,,\n",
        encoding="utf-8",
    )
    call_command("import_staff", str(path), "--deactivate-missing")
    partner.refresh_from_db()
    assert partner.is_active


def test_ended_partners_are_anonymised_after_the_retention_period(
    partner, publish, time_machine, settings
):
    settings.PARTNER_RETENTION_DAYS = 30
    version = publish("partners-in-zorg")
    version.guideline.audience_all = False
    version.guideline.audience_partners = True
    version.guideline.save()
    signature, _ = signature_create(user=partner, version=version)
    time_machine.move_to("2026-01-01 10:00+00:00", tick=False)
    from accounts.partners import partnership_end

    partnership_end(partnership=partner.partnership)
    time_machine.move_to("2026-01-20 10:00+00:00", tick=False)
    assert partners_anonymise() == []

    time_machine.move_to("2026-02-02 10:00+00:00", tick=False)
    call_command("anonymise_partners")
    call_command("anonymise_partners")  # a second run changes nothing

    partner.refresh_from_db()
    assert "pleegouder" not in partner.email
    assert partner.first_name == "Partner in zorg"
    assert not partner.is_active
    assert partner.partnership.anonymised_at is not None
    kept = Signature.objects.get(pk=signature.pk)
    assert kept.user_id == partner.pk and kept.text_sha256 == version.body_sha256


def test_staff_import_refuses_a_partners_address(tmp_path, partner, department):
    path = tmp_path / "hr.csv"
    path.write_text(
        "email,first_name,last_name,department,job_title,manager_email\n"
        f"{partner.email},Sam,Pleegouder,Pleegzorg,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="regel 2: .* is een partner in zorg"):
        call_command("import_staff", str(path))
    partner.refresh_from_db()
    assert partner.department is None
