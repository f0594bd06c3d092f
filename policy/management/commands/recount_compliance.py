from __future__ import annotations

from django.core.management.base import BaseCommand

from policy.figures import figures_refresh


class Command(BaseCommand):
    help = (
        "Count the compliance figures again from the signatures, for every "
        "richtlijn and everyone. The portal keeps them up to date itself; run "
        "this once after upgrading to a version that introduces them, or after "
        "changing data outside the portal. Safe to run at any time."
    )

    def handle(self, *args, **options):
        figures_refresh()
        self.stdout.write("Compliance figures counted again.")
