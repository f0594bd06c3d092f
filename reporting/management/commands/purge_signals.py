from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.services import signals_purge


class Command(BaseCommand):
    help = (
        "Delete closed signals older than SIGNAL_RETENTION_DAYS with their files, "
        "history and notes, and uploads never attached to a signal. Run daily."
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
            f"and {result.pending_files} unattached upload(s)."
        )
