from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from policy.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send today's reminders to sign (when a version takes effect, 3 days "
        "before its deadline, weekly once overdue), managers' weekly digests, "
        "and reminders to owners to review a richtlijn (30 days before, weekly "
        "once overdue). Run daily; nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be sent"
        )
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if on YYYY-MM-DD"
        )

    def handle(self, *args, dry_run: bool, date, **options):
        plan = send_reminders(today=date, dry_run=dry_run)
        prefix = "would send" if dry_run else "stored"
        for user, items in plan.employees.items():
            kinds = ", ".join(f"{v.guideline.slug} v{v.number} ({k})" for v, k in items)
            self.stdout.write(f"{prefix} reminder to {user.email}: {kinds}")
        for manager, items in plan.managers.items():
            self.stdout.write(
                f"{prefix} digest to {manager.email}: {len(items)} overdue signature(s)"
            )
        for owner, items in plan.owners.items():
            slugs = ", ".join(f"{g.slug} ({k})" for g, _v, k in items)
            self.stdout.write(f"{prefix} review reminder to {owner.email}: {slugs}")
        state = "dry run" if dry_run else "in the outbox; the task worker delivers them"
        self.stdout.write(
            f"{len(plan.employees)} reminder mail(s), "
            f"{len(plan.managers)} manager digest(s), "
            f"{len(plan.owners)} review reminder(s) ({state})."
        )
