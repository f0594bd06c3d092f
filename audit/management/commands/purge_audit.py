from __future__ import annotations

from django.core.management.base import BaseCommand

from audit.services import audit_purge


class Command(BaseCommand):
    help = (
        "Delete audit entries older than AUDIT_RETENTION_DAYS (default 5 years) "
        "and record the purge in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="count what would be deleted, delete nothing",
        )

    def handle(self, *args, dry_run: bool, **options):
        result = audit_purge(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {result.deleted} audit entries from before "
            f"{result.cutoff:%Y-%m-%d %H:%M} UTC."
        )
