"""Reminders to sign, and the weekly digest for managers.

`send_reminders` runs daily (cron or a systemd timer). For every version in
force it works out which reminder is due today for the staff who have not
signed: when the version takes effect, 3 days before its deadline, and once a
week after it. Each reminder is recorded and never sent twice.

Partners in zorg are not at work every day: they are reminded when a version
takes effect and then every four weeks after its deadline, and their contact
person gets a weekly overview of their partners who have not signed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from accounts.models import User
from outbox import services as outbox
from policy.models import (
    REVIEW_SOON,
    Guideline,
    GuidelineVersion,
    ManagerDigest,
    PartnerDigest,
    Reminder,
    Signature,
    local_today,
    signature_runs_out,
)

SOON = datetime.timedelta(days=3)
# Partners in zorg get an overdue reminder every this many weeks.
PARTNER_OVERDUE_EVERY_WEEKS = 4


def reminder_kind(
    version: GuidelineVersion, today: datetime.date, deadline=None
) -> str:
    """Which reminder about `version` is due on `today` (with `deadline`: of
    someone asked to sign it again, see `renewal_deadline`)."""
    deadline = deadline or version.signing_deadline
    if today > deadline:
        # Days 1 to 7 after the deadline are week 0, days 8 to 14 week 1, …
        return f"overdue-{((today - deadline).days - 1) // 7}"
    if today >= deadline - SOON:
        return "deadline-soon"
    return "effective"


def partner_reminder_kind(
    version: GuidelineVersion, today: datetime.date, deadline=None
):
    """Which reminder about `version` a partner in zorg gets on `today`, if
    any: the staff's, less often (see PARTNER_OVERDUE_EVERY_WEEKS)."""
    kind = reminder_kind(version, today, deadline)
    if kind == "deadline-soon":
        return None
    if kind.startswith("overdue-"):
        week = int(kind.removeprefix("overdue-"))
        return kind if week % PARTNER_OVERDUE_EVERY_WEEKS == 0 else None
    return kind


RENEWAL = "renew-"


def renewal_deadline(version: GuidelineVersion, ran_out: datetime.date):
    """When someone whose signature on `version` ran out on `ran_out` should
    have signed again: as long after as a new version gives everyone."""
    window = (
        version.signing_deadline - version.effective_date
        if version.signing_deadline
        else datetime.timedelta(days=14)
    )
    return ran_out + window


def reminder_deadline(version: GuidelineVersion, kind: str) -> datetime.date:
    """The deadline a reminder of `kind` names: the version's, or for one to
    sign again (`renew-YYYYMMDD-…`, the day the signature ran out) the
    person's own."""
    if kind.startswith(RENEWAL):
        ran_out = datetime.datetime.strptime(kind[len(RENEWAL) :][:8], "%Y%m%d")
        return renewal_deadline(version, ran_out.date())
    return version.signing_deadline


def _kind_for(version, user, today, *, partner: bool) -> str | None:
    """The reminder due today for `user`, who has not signed `version`: as
    for a new version, counted from the day their signature ran out when
    the richtlijn asks to sign again and they had signed."""
    choose = partner_reminder_kind if partner else reminder_kind
    interval = version.guideline.resign_interval_months
    if not (interval and getattr(user, "last_signed_at", None)):
        return choose(version, today)
    ran_out = signature_runs_out(user.last_signed_at, interval)
    kind = choose(version, today, renewal_deadline(version, ran_out))
    return kind and f"{RENEWAL}{ran_out:%Y%m%d}-{kind}"


@dataclass
class Plan:
    """What a run sends: per employee the versions to remind them of, and per
    manager their people who are overdue."""

    employees: dict[User, list[tuple[GuidelineVersion, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    managers: dict[User, list[tuple[User, GuidelineVersion]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Per contact person, their partners in zorg who have not signed.
    contacts: dict[User, list[tuple[User, GuidelineVersion]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Per owner the richtlijnen due for review: (richtlijn, newest version, kind).
    owners: dict[User, list[tuple[Guideline, GuidelineVersion, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    week: str = ""


def review_reminder_kind(due: datetime.date, today: datetime.date) -> str | None:
    """Which reminder to review a richtlijn due on `due` is due on `today`:
    one 30 days before, then one a week once overdue."""
    if today > due:
        return f"review-{due:%Y%m%d}-late-{((today - due).days - 1) // 7}"
    if today >= due - REVIEW_SOON:
        return f"review-{due:%Y%m%d}-soon"
    return None


def _plan_reviews(plan: Plan, today: datetime.date) -> None:
    guidelines = Guideline.objects.filter(
        owner__is_active=True, review_due__lte=today + REVIEW_SOON
    ).select_related("owner")
    for guideline in guidelines:
        kind = review_reminder_kind(guideline.review_due, today)
        newest = guideline.versions.published().order_by("-number").first()
        if kind is None or newest is None:
            continue
        sent = Reminder.objects.filter(
            user=guideline.owner, version=newest, kind=kind
        ).exists()
        if not sent:
            plan.owners[guideline.owner].append((guideline, newest, kind))


def plan_reminders(today: datetime.date | None = None) -> Plan:
    today = today or local_today()
    plan = Plan(week=f"{today.isocalendar().year}-W{today.isocalendar().week:02d}")
    _plan_reviews(plan, today)
    versions = (
        GuidelineVersion.objects.in_force(today)
        .without_text()
        .select_related("guideline")
    )
    digest_sent = set(
        ManagerDigest.objects.filter(week=plan.week).values_list(
            "manager_id", flat=True
        )
    )
    contact_digest_sent = set(
        PartnerDigest.objects.filter(week=plan.week).values_list(
            "contact_person_id", flat=True
        )
    )
    for version in versions:
        _plan_version(plan, version, today, digest_sent, contact_digest_sent)
    return plan


def _plan_version(plan, version, today, digest_sent, contact_digest_sent) -> None:
    staff_kind = reminder_kind(version, today)
    reminded = Reminder.objects.filter(
        user=OuterRef("pk"), version=version, kind=staff_kind
    )
    unsigned = version.unsigned(today=today).select_related(
        "department__manager", "partnership__contact_person"
    )
    renewals_sent = set()
    if version.guideline.resign_interval_months:
        ran_out = Signature.objects.counted_for(version).filter(user=OuterRef("pk"))
        unsigned = unsigned.annotate(
            last_signed_at=Subquery(
                ran_out.order_by("-signed_at").values("signed_at")[:1]
            )
        )
        renewals_sent = set(
            Reminder.objects.filter(
                version=version, kind__startswith=RENEWAL
            ).values_list("user_id", "kind")
        )
    for user in unsigned.annotate(reminded=Exists(reminded)):
        partnership = getattr(user, "partnership", None)
        kind = _kind_for(version, user, today, partner=partnership is not None)
        renewal = kind is not None and kind.startswith(RENEWAL)
        if renewal:
            user.reminded = (user.pk, kind) in renewals_sent
        if kind is not None and not user.reminded:
            plan.employees[user].append((version, kind))
        if partnership is not None:
            contact = partnership.contact_person
            if contact.is_active and contact.pk not in contact_digest_sent:
                plan.contacts[contact].append((user, version))
        elif staff_kind.startswith("overdue") and not renewal:
            manager = user.leidinggevende
            if manager and manager.is_active and manager.pk not in digest_sent:
                plan.managers[manager].append((user, version))


def send_reminders(*, today: datetime.date | None = None, dry_run: bool = False):
    """Send (or with `dry_run` only plan) today's reminders and digests."""
    today = today or local_today()
    plan = plan_reminders(today)
    if dry_run:
        return plan
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [
                Reminder(user=user, version=version, kind=kind)
                for user, items in plan.employees.items()
                for version, kind in items
            ],
            ignore_conflicts=True,
        )
        for user, items in plan.employees.items():
            outbox.send("sign_reminder", user.email, _employee_mail(user, items, today))
        ManagerDigest.objects.bulk_create(
            [
                ManagerDigest(manager=manager, week=plan.week, people=len(items))
                for manager, items in plan.managers.items()
            ],
            ignore_conflicts=True,
        )
        for manager, items in plan.managers.items():
            outbox.send(
                "manager_digest", manager.email, _manager_mail(manager, items, today)
            )
        PartnerDigest.objects.bulk_create(
            [
                PartnerDigest(
                    contact_person=contact,
                    week=plan.week,
                    partners=len({user.pk for user, _version in items}),
                )
                for contact, items in plan.contacts.items()
            ],
            ignore_conflicts=True,
        )
        for contact, items in plan.contacts.items():
            outbox.send("contact_digest", contact.email, _contact_mail(contact, items))
        Reminder.objects.bulk_create(
            [
                Reminder(user=owner, version=version, kind=kind)
                for owner, items in plan.owners.items()
                for _guideline, version, kind in items
            ],
            ignore_conflicts=True,
        )
        for owner, items in plan.owners.items():
            outbox.send(
                "review_reminder", owner.email, _owner_mail(owner, items, today)
            )
    return plan


def _login_code_url() -> str:
    return settings.SITE_URL + reverse("account_request_login_code")


def _contact_mail(contact, items) -> dict:
    return {
        "name": contact.first_name or contact.email,
        "items": [
            {
                "name": str(user),
                "email": user.email,
                "title": version.guideline.title,
                "deadline": version.signing_deadline,
            }
            for user, version in sorted(items, key=lambda item: str(item[0]))
        ],
        "login_code_url": _login_code_url(),
    }


def _owner_mail(owner, items, today) -> dict:
    return {
        "name": owner.first_name or owner.email,
        "items": [
            {
                "title": guideline.title,
                "due": guideline.review_due,
                "late": guideline.review_due < today,
                "url": settings.SITE_URL
                + reverse("admin:policy_guideline_change", args=[guideline.pk]),
            }
            for guideline, _version, _kind in items
        ],
    }


def _employee_item(version, kind: str, today) -> dict:
    deadline = reminder_deadline(version, kind)
    renewal = kind.startswith(RENEWAL)
    return {
        "title": version.guideline.title,
        "deadline": deadline,
        # Signing again after the signature ran out: the mail says why.
        "renewal_months": version.guideline.resign_interval_months if renewal else 0,
        "days_late": (today - deadline).days
        if "overdue" in kind and today > deadline
        else 0,
        "url": settings.SITE_URL
        + reverse("policy:detail", args=[version.guideline.slug]),
    }


def _employee_mail(user, items, today) -> dict:
    return {
        "name": user.first_name or user.email,
        "items": [_employee_item(version, kind, today) for version, kind in items],
        "login_code_url": _login_code_url()
        if getattr(user, "partnership", None) is not None
        else "",
    }


def _manager_mail(manager, items, today) -> dict:
    return {
        "name": manager.first_name or manager.email,
        "items": [
            {
                "name": str(user),
                "email": user.email,
                "title": version.guideline.title,
                "days_late": (today - version.signing_deadline).days,
            }
            for user, version in sorted(items, key=lambda item: str(item[0]))
        ],
        "overview_url": settings.SITE_URL + reverse("compliance:overview"),
    }
