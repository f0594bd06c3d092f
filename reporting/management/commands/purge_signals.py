from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.retention import signals_purge


class Command(BaseCommand):
    help = (
        "Delete closed signals older than SIGNAL_RETENTION_DAYS with their files, "
        "history and notes, uploads never attached to a signal after "
        "PENDING_FILE_SECONDS, and stored files no row claims. Run hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would go, delete nothing"
        )

    def handle(self, *args, dry_run: bool, **options):
        result = signals_purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {result.signals} closed signal(s) older than "
            f"{settings.SIGNAL_RETENTION_DAYS} days with {result.files} file(s), "
            f"{result.pending_files} unattached upload(s) and "
            f"{result.unclaimed_files} file(s) no row claims."
        )
        if result.refused_files:
            self.stderr.write(
                f"The storage refused to delete {result.refused_files} file(s); "
                "their rows stay for the next run."
            )
