"""The roles of the portal, and the one home of the predicates that ask them.

Each role is a Django group. Two kinds of permission hang on the roles (see
docs/architecture.md, "Permissions"): the admin's model permissions, granted
to the groups by `ensure_groups()` (`GROUP_PERMISSIONS`), and the rules each
app declares in its `rules.py` with `rules.add_perm`, built on the predicates
below. Pages, templates and the admin ask both the same way:
`user.has_perm("<app>.<name>")`.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

MEDEWERKER = "Medewerker"
LEIDINGGEVENDE = "Leidinggevende"
BELEID = "Beleid"
PR = "PR en communicatie"
PARTNER = "Partner in zorg"
# The privacy officer (functionaris gegevensbescherming): the datalekregister.
PRIVACY = "Privacy"
# The quality officer: approves concepts before they are published (four eyes).
KWALITEIT = "Kwaliteit"
# The groups whose members may be asked to approve a concept.
REVIEWER_GROUPS = (KWALITEIT, PRIVACY, BELEID)

ROLE_LABELS = {
    MEDEWERKER: _("Medewerker"),
    LEIDINGGEVENDE: _("Leidinggevende"),
    BELEID: _("Beleid"),
    PR: _("PR en communicatie"),
    PARTNER: _("Partner in zorg"),
    PRIVACY: _("Privacy"),
    KWALITEIT: _("Kwaliteit"),
}

# Model permissions each group receives from `ensure_groups()`; the admin
# shows exactly these models to the group.
GROUP_PERMISSIONS: dict[str, list[str]] = {
    MEDEWERKER: [],
    LEIDINGGEVENDE: [],
    BELEID: [
        "policy.add_guideline",
        "policy.change_guideline",
        "policy.view_guideline",
        "policy.add_guidelineversion",
        "policy.change_guidelineversion",
        "policy.view_guidelineversion",
        "policy.publish_guidelineversion",
        "policy.view_signature",
        "policy.view_reviewdecision",
        "policy.add_scenarioquestion",
        "policy.change_scenarioquestion",
        "policy.delete_scenarioquestion",
        "policy.view_scenarioquestion",
        "policy.add_chapter",
        "policy.change_chapter",
        "policy.view_chapter",
        # Search's synonyms ("appen" → WhatsApp).
        "guidance.add_synonym",
        "guidance.change_synonym",
        "guidance.delete_synonym",
        "guidance.view_synonym",
    ],
    PR: [
        "reporting.view_signal",
        "reporting.change_signal",
        "reporting.view_signalnote",
        "reporting.add_signalnote",
        "reporting.view_standardanswer",
        "reporting.add_standardanswer",
        "reporting.change_standardanswer",
        "reporting.delete_standardanswer",
        # Answered questions, rewritten for everyone (/vragen/).
        "guidance.add_publishedquestion",
        "guidance.change_publishedquestion",
        "guidance.delete_publishedquestion",
        "guidance.view_publishedquestion",
    ],
    # Foster parents and guardians: no permissions, no staff pages.
    PARTNER: [],
    PRIVACY: [],
    # Reads richtlijnen, concepts and their questions in the admin; decides
    # on concepts at /beoordelen/.
    KWALITEIT: [
        "policy.view_guideline",
        "policy.view_guidelineversion",
        "policy.view_scenarioquestion",
        "policy.view_reviewdecision",
    ],
}


def in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    # The group names are cached on the user object: a page asks this a few
    # times and should not pay a query each time.
    names = getattr(user, "_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._group_names = names
    return name in names


@rules.predicate
def is_partner(user) -> bool:
    """Whether `user` is a partner in zorg rather than staff: a Partnership,
    current or ended, is what makes one. The one spelling of this question
    for a person (`partner_q()` asks it of rows in a query)."""
    if not user.is_authenticated:
        return False
    if user.department_id is not None:
        # Partners belong to no department (User.clean refuses one): most
        # pages then know without a query that this is staff.
        return False
    # The reverse one-to-one keeps its answer on the user (a missing
    # partnership too), and is free after select_related("partnership").
    return hasattr(user, "partnership")


def contact_person_of(user):
    """A partner's contact person at Sterk Huis; None for staff."""
    if not is_partner(user):
        return None
    return user.partnership.contact_person


@rules.predicate
def is_superuser(user) -> bool:
    """An active superuser: acts in every role."""
    return user.is_active and user.is_superuser


@rules.predicate
def is_pr(user) -> bool:
    """Whether `user` may do PR en communicatie's work: triage signals in the
    admin and open their attachments. Superusers count as PR everywhere, so
    nothing the admin shows them is refused elsewhere."""
    return user.is_active and (user.is_superuser or in_group(user, PR))


@rules.predicate
def is_beleid(user) -> bool:
    """Whether `user` edits richtlijnen and sees all compliance; superusers
    count as Beleid."""
    return user.is_active and (user.is_superuser or in_group(user, BELEID))


@rules.predicate
def is_leidinggevende(user) -> bool:
    """Whether `user` sees the compliance of the departments they manage
    (`Department.manager`, see `User.leidinggevende`)."""
    return user.is_active and in_group(user, LEIDINGGEVENDE)


def can_open_admin(user) -> bool:
    """Whether `user` may open the admin (and so must have a second factor)."""
    return user.is_active and user.is_staff


def members(name: str):
    """The active members of group `name`. Superusers act in every role
    (`is_pr`, `may_see_breaches`) but are members only where they joined."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    # The group's id first: given a name, PostgreSQL takes every group for
    # as large as the average one and reads all 50,000 staff to find the
    # one member of PR; given the id, its statistics know the group's size.
    group_id = Group.objects.filter(name=name).values_list("pk", flat=True).first()
    if group_id is None:
        return User.objects.none()
    return User.objects.filter(groups=group_id, is_active=True)


def pr_team():
    """PR en communicatie: mailed about new signals, and a signal can be
    assigned to them."""
    return members(PR)


def privacy_team():
    """The privacy officers: mailed about possible breaches."""
    return members(PRIVACY)


def ensure_groups() -> None:
    """Create the role groups and give them their permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for name, perms in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


@rules.predicate
def may_review(user) -> bool:
    """Whether `user` may be asked to approve a concept: a member of
    Kwaliteit, Privacy or Beleid, or a superuser."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or any(in_group(user, g) for g in REVIEWER_GROUPS))
    )


def reviewers():
    """Everyone who may be asked to approve a concept (superusers act in
    every role but are asked only where they joined a group)."""
    from accounts.models import User

    return (
        User.objects.filter(groups__name__in=REVIEWER_GROUPS, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


@rules.predicate
def is_privacy_officer(user) -> bool:
    """A member of Privacy (the functionaris gegevensbescherming)."""
    return bool(user.is_authenticated and user.is_active and in_group(user, PRIVACY))


# The datalekregister: the privacy officer and superusers.
may_see_breaches = is_privacy_officer | is_superuser

# Signals per principle: what Beleid reads before the next version, and what
# PR links signals to (superusers count as both).
may_see_principle_counts = is_beleid | is_pr
