from __future__ import annotations

from django.core.management.base import BaseCommand

from datalek.services import breach_reminders_send


class Command(BaseCommand):
    help = (
        "Mail the privacy group 48, 24 and 4 hours before the 72-hour deadline "
        "of every open breach without a decision, and the superusers once it "
        "has passed; each reminder once. Run every 15 minutes."
    )

    def handle(self, *args, **options):
        sent = breach_reminders_send()
        self.stdout.write(
            f"Stored {sent} breach reminder(s) in the outbox; the task worker "
            "delivers them."
        )
