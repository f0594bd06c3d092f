from __future__ import annotations

from argparse import BooleanOptionalAction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.partners import PartnerImportError, partners_import, read_partner_file


class Command(BaseCommand):
    help = (
        "Import the list of partners in zorg (CSV with e-mail, naam, "
        "contactpersoon — the contact person's e-mail address): create and "
        "update partner accounts, all or nothing. New partners get an e-mail "
        "explaining how to log in with a code."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="end the partnerships of partners not in the file (never deletes)",
        )
        parser.add_argument(
            "--send-invites",
            action=BooleanOptionalAction,
            default=True,
            help="e-mail new partners how to log in (default; --no-send-invites: not)",
        )

    def handle(self, *args, path: Path, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            result = partners_import(
                rows=read_partner_file(data),
                deactivate_missing=options["deactivate_missing"],
                send_invites=options["send_invites"],
            )
        except PartnerImportError as exc:
            raise CommandError(
                "Er is niets geïmporteerd:\n" + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} created, {len(result.updated)} updated, "
                f"{result.unchanged} unchanged, {len(result.ended)} partnership(s) "
                "ended."
            )
        )
