from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo_data, demo_partners, roles
from accounts.models import Department, User
from accounts.services import totp_authenticator_set
from policy import demo_partners as policy_demo_partners

DEMO_PASSWORD = "sterkhuis-demo"  # noqa: S105 - documented demo data
# The admin requires an authenticator app; the demo accounts that can open it
# share this documented secret so the demo (and tests from outside) can log in.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - documented demo data
CONTENT = settings.BASE_DIR / "content" / "social-media.md"

# email, first name, last name, department, groups, is_staff, is_superuser
ACCOUNTS = [
    ("medewerker@sterkhuis.test", "Mila", "de Vries", "Pleegzorg", [], False, False),
    (
        "leidinggevende@sterkhuis.test",
        "Lars",
        "Jansen",
        "Pleegzorg",
        [roles.LEIDINGGEVENDE],
        False,
        False,
    ),
    (
        "beleid@sterkhuis.test",
        "Bo",
        "Bakker",
        "Staf en ondersteuning",
        [roles.BELEID],
        True,
        False,
    ),
    (
        "pr@sterkhuis.test",
        "Priya",
        "Ramdin",
        "Staf en ondersteuning",
        [roles.PR],
        True,
        False,
    ),
    (
        "beheer@sterkhuis.test",
        "Bram",
        "Hendriks",
        "Staf en ondersteuning",
        [],
        True,
        True,
    ),
]


class Command(BaseCommand):
    help = (
        "Load the demo data: the role groups, two departments, five accounts "
        f"(password {DEMO_PASSWORD!r}; those that can open the admin have an "
        f"authenticator app with secret {DEMO_TOTP_SECRET}) and the social-media "
        "richtlijn. "
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
        with transaction.atomic():
            roles.ensure_groups()
            self._accounts()
        call_command(
            "import_guideline",
            CONTENT,
            slug="social-media",
            title="Richtlijnen social media",
            publish=True,
            stdout=self.stdout,
        )
        demo_partners.load(stdout=self.stdout)
        policy_demo_partners.load(stdout=self.stdout)
        if staff or richtlijnen:
            demo_data.build(staff=staff, richtlijnen=richtlijnen, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def _accounts(self) -> None:
        departments = {}
        users = {}
        medewerker = Group.objects.get(name=roles.MEDEWERKER)
        for email, first, last, dept, groups, is_staff, is_superuser in ACCOUNTS:
            department = departments.get(dept)
            if department is None:
                department, _ = Department.objects.get_or_create(name=dept)
                departments[dept] = department
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "department": department,
                    "is_staff": is_staff,
                    "is_superuser": is_superuser,
                    "is_active": True,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([medewerker, *Group.objects.filter(name__in=groups)])
            if is_staff:
                totp_authenticator_set(user=user, secret=DEMO_TOTP_SECRET)
            users[email] = user
        boss = users["leidinggevende@sterkhuis.test"]
        pleegzorg = departments["Pleegzorg"]
        pleegzorg.manager = boss
        pleegzorg.save()
        User.objects.filter(department=pleegzorg).exclude(pk=boss.pk).update(
            manager=boss
        )
