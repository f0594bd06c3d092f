from __future__ import annotations

from django.core.management.base import BaseCommand

from policy.daily import figures_history_rebuild
from policy.figures import figures_refresh


class Command(BaseCommand):
    help = (
        "Count the compliance figures again from the signatures, for every "
        "richtlijn and everyone. The portal keeps them up to date itself; run "
        "this once after upgrading to a version that introduces them, or after "
        "changing data outside the portal. Safe to run at any time. Also builds the "
        "daily history behind the chart of signed over time from the signatures."
    )

    def handle(self, *args, **options):
        figures_refresh()
        days = figures_history_rebuild()
        self.stdout.write(
            f"Compliance figures counted again; {days} days of history rebuilt."
        )
