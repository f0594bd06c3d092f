from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from datalek.services import breaches_purge


class Command(BaseCommand):
    help = (
        "Delete closed breach records older than DATALEK_RETENTION_DAYS and "
        "record that in the audit log. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would go, delete nothing"
        )

    def handle(self, *args, dry_run: bool, **options):
        result = breaches_purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {result.deleted} closed breach record(s) older than "
            f"{settings.DATALEK_RETENTION_DAYS} days."
        )
