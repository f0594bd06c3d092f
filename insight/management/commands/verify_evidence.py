"""Check that the evidence proves itself: the audit log's hash chain, and
every signature's hash against the frozen version it points at."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent
from audit.services import audit_chain_breaks
from policy.evidence import evidence_mismatches
from policy.models import Signature

REASONS = {
    "content": "its content does not match its hash (changed afterwards)",
    "link": "it does not point at the entry before it (an entry removed or inserted)",
    "start": "the oldest entry points at an entry no purge removed",
}


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain and recompute each signature's hash "
        "against its frozen version. Prints every mismatch and exits 1 when "
        "there is one. Reads only; safe at any time."
    )

    def handle(self, *args, **options):
        problems = 0
        for broken in audit_chain_breaks():
            problems += 1
            self.stdout.write(
                f"audit entry {broken.entry_id}: {REASONS[broken.reason]}"
            )
        for m in evidence_mismatches():
            problems += 1
            if m.what == "version":
                self.stdout.write(
                    f"version {m.pk}: stored hash {m.stored} but its text and "
                    f"questions hash to {m.computed}"
                )
            else:
                self.stdout.write(
                    f"signature {m.pk}: hash {m.stored} does not match its "
                    f"version ({m.computed})"
                )
        entries, signatures = AuditEvent.objects.count(), Signature.objects.count()
        if problems:
            raise CommandError(
                f"{problems} mismatches in {entries} audit entries and "
                f"{signatures} signatures."
            )
        self.stdout.write(
            f"Evidence holds: {entries} audit entries chained, "
            f"{signatures} signatures match their versions."
        )
