from __future__ import annotations

from django.core.management.base import BaseCommand

from compliance.daily import figures_history_rebuild
from compliance.figures import figures_catch_up, figures_refresh
from policy.models import Guideline


class Command(BaseCommand):
    help = (
        "Count the compliance figures again from the signatures, for every "
        "richtlijn and everyone, and rebuild the daily history behind the chart "
        "of signed over time. The portal keeps them up to date itself; run this "
        "once after upgrading to a version that introduces them, or after "
        "changing data outside the portal. With --expired, count again only "
        "the richtlijnen whose signatures ran out since (those asked to be "
        "signed again every so many months): run it daily, so the first page "
        "of the day need not. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expired",
            action="store_true",
            help="only the richtlijnen whose signatures ran out since last counted",
        )

    def handle(self, *args, expired: bool, **options):
        if expired:
            due = Guideline.objects.exclude(figures_fresh_until=None)
            figures_catch_up(due)
            self.stdout.write("Compliance figures of expired signatures counted again.")
            return
        figures_refresh()
        days = figures_history_rebuild()
        self.stdout.write(
            f"Compliance figures counted again; {days} days of history rebuilt."
        )
