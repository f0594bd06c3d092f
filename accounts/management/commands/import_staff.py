from __future__ import annotations

import sys
from argparse import BooleanOptionalAction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import StaffImportError, read_hr_file, staff_import


class Command(BaseCommand):
    help = (
        "Import the HR export (CSV with email, first_name, last_name, department, "
        "job_title, manager_email): create and update accounts and departments, "
        "all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="deactivate active accounts not in the file (never deletes)",
        )
        parser.add_argument(
            "--send-invites",
            action=BooleanOptionalAction,
            default=False,
            help="e-mail new accounts a link to choose their password "
            "(--no-send-invites: not, the default)",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show a progress bar (default when the terminal shows it)",
        )

    def handle(self, *args, path: Path, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        show = options["progress"] or sys.stderr.isatty()
        try:
            rows = read_hr_file(data)
            result = staff_import(
                rows=rows,
                deactivate_missing=options["deactivate_missing"],
                send_invites=options["send_invites"],
                progress=self._bar if show else None,
            )
        except StaffImportError as exc:
            raise CommandError(
                "Er is niets geïmporteerd:\n" + "\n".join(exc.errors)
            ) from exc
        if show:
            sys.stderr.write("\n")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} created, {len(result.updated)} updated, "
                f"{result.unchanged} unchanged, {len(result.deactivated)} deactivated, "
                f"{len(result.departments_created)} new department(s)."
            )
        )

    @staticmethod
    def _bar(done: int, total: int) -> None:
        width = 40
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
