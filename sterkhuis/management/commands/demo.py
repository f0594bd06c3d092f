from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo as accounts_demo
from accounts import demo_partners as accounts_demo_partners
from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from datalek import demo as datalek_demo
from guidance import demo as guidance_demo
from policy import demo as policy_demo
from policy import demo_handbook as policy_demo_handbook
from policy import demo_partners as policy_demo_partners
from reporting import demo as reporting_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the role groups, two departments, five accounts "
        f"(password {DEMO_PASSWORD!r}; those that can open the admin have an "
        f"authenticator app with secret {DEMO_TOTP_SECRET}) and the "
        "kwaliteitshandboek: the social-media richtlijn and seven more in four "
        "chapters. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff", type=int, default=0, help="add this many generated staff"
        )
        parser.add_argument(
            "--richtlijnen", type=int, default=0, help="and this many richtlijnen"
        )

    def handle(self, *args, staff: int, richtlijnen: int, **options):
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError(
                "Demo data is for development: refusing with DEBUG off. "
                "Run with DEBUG=1 on a development database."
            )
        accounts_demo.load()
        policy_demo.load(stdout=self.stdout)
        reporting_demo.load()
        guidance_demo.load()
        accounts_demo_partners.load(stdout=self.stdout)
        policy_demo_partners.load(stdout=self.stdout)
        policy_demo_handbook.place()
        datalek_demo.load()
        if staff or richtlijnen:
            policy_demo.load_large(
                staff=staff, richtlijnen=richtlijnen, stdout=self.stdout
            )
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
