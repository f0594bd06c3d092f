"""Accounts' demo data: the role groups, two departments and the documented
demo accounts, and generated staff for benchmarks (`demo --staff N`)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import Department, User
from accounts.services import totp_authenticator_set

DEMO_PASSWORD = "sterkhuis-demo"  # documented demo data
# The admin requires an authenticator app; the demo accounts that can open it
# share this documented secret so the demo (and tests from outside) can log in.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # documented demo data

# The quality officer, who approves the demo's richtlijnen (four eyes).
KWALITEIT_EMAIL = "kwaliteit@sterkhuis.test"

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
        "privacy@sterkhuis.test",
        "Pim",
        "Verbeek",
        "Staf en ondersteuning",
        [roles.PRIVACY],
        False,
        False,
    ),
    (
        "kwaliteit@sterkhuis.test",
        "Kim",
        "Koster",
        "Staf en ondersteuning",
        [roles.KWALITEIT],
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


def load() -> None:
    with transaction.atomic():
        roles.ensure_groups()
        _accounts()


def _accounts() -> None:
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
        hr_manager=boss
    )


FIRST = (
    "Anna Daan Emma Finn Julia Lucas Mila Noah Sophie Sem Tess Levi Zoë Milan Eva "
    "Luuk Fleur Bram Lotte Thijs Sara Jesse Nina Ruben Lieke Mohamed Fatima Yusuf "
    "Ayla Kevin Priya Sanne Joris Iris Rik Noor Tim Floor Koen Maud"
).split()
LAST = (
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|"
    "de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|"
    "El Amrani|Yilmaz|Ramdin|Kaya|Öztürk|van der Meer|Willems|Hoekstra|Kok|Postma"
).split("|")
PLACES = (
    "Amsterdam Rotterdam Utrecht Den Haag Eindhoven Groningen Tilburg Almere Breda "
    "Nijmegen Apeldoorn Haarlem Arnhem Enschede Amersfoort Zwolle Leiden Maastricht "
    "Dordrecht Zoetermeer Delft Alkmaar Venlo Deventer Leeuwarden"
).split()
UNITS = ["Pleegzorg", "Ambulante hulpverlening", "Gezinshuizen", "Jeugdbescherming"]


@dataclass
class Staff:
    """Generated staff, for the apps that add their own large data."""

    departments: list[Department]
    users: list[User]
    count: int


def load_large(
    *, staff: int, rng: random.Random, stdout=None, prefix: str = "staff"
) -> Staff | None:
    """Bulk-created departments and staff; None when they are there already."""
    if User.objects.filter(email=f"{prefix}00001@sterkhuis.test").exists():
        if stdout:
            stdout.write("Large demo data already present.")
        return None
    count = max(2, min(len(PLACES) * len(UNITS), staff // 200))
    suffix = "" if prefix == "staff" else f" ({prefix})"
    names = [
        f"{UNITS[i % len(UNITS)]} {PLACES[i // len(UNITS)]}{suffix}"
        for i in range(count)
    ]
    departments = Department.objects.bulk_create(Department(name=n) for n in names)

    password = make_password(None)  # unusable: these accounts never log in
    jobs = [
        "Pleegzorgbegeleider",
        "Gedragswetenschapper",
        "Ambulant hulpverlener",
        "Teamleider",
        "Secretaresse",
        "Gezinshuisouder",
    ]
    people = [
        (
            f"{prefix}{i:05d}@sterkhuis.test",
            rng.choice(FIRST),
            rng.choice(LAST),
            departments[i % count],
            rng.choice(jobs),
        )
        for i in range(1, staff + 1)
    ]
    # The first person of each department manages it: created first, so
    # everyone else is created with their manager (no second pass).
    managers_first = User.objects.bulk_create(
        User(
            email=email,
            first_name=first,
            last_name=last,
            department=department,
            job_title=job,
            password=password,
        )
        for email, first, last, department, job in people[:count]
    )
    managers = {m.department_id: m for m in managers_first}
    users = managers_first + User.objects.bulk_create(
        (
            User(
                email=email,
                first_name=first,
                last_name=last,
                department=department,
                job_title=job,
                password=password,
                hr_manager=managers.get(department.pk),
            )
            for email, first, last, department, job in people[count:]
        ),
        batch_size=5000,
    )
    for department in departments:
        department.manager = managers.get(department.pk)
    Department.objects.bulk_update(departments, ["manager"])
    Group.objects.get(name=roles.LEIDINGGEVENDE).user_set.add(*managers.values())
    members = User.groups.through
    medewerker = Group.objects.get(name=roles.MEDEWERKER)
    members.objects.bulk_create(
        (members(user_id=u.pk, group_id=medewerker.pk) for u in users),
        batch_size=5000,
        ignore_conflicts=True,
    )
    return Staff(departments=departments, users=users, count=count)
