"""The compliance exports: who signed a version and who has not, as rows
for the spreadsheet writer of `core.spreadsheet`, and what the workbook says
about them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.dashboard import Scope
from policy.approval import approvals_counting_for
from policy.models import GuidelineVersion, Signature, local_today


class ExportKind(models.TextChoices):
    """What an export holds, as its audit entry names it (`details["kind"]`)."""

    SIGNATURES_CSV = "handtekeningen.csv", _("handtekeningen (CSV)")
    SIGNATURES_XLSX = "handtekeningen.xlsx", _("handtekeningen (Excel)")
    UNSIGNED_CSV = "niet-getekend.csv", _("niet getekend (CSV)")
    UNSIGNED_XLSX = "niet-getekend.xlsx", _("niet getekend (Excel)")


SIGNATURE_HEADER = [
    _("e-mail"),
    _("naam"),
    _("afdeling"),
    _("versie"),
    _("getekend op"),
    _("sha256 getekende tekst"),
    _("goedgekeurd door"),
    _("goedgekeurd op"),
]
UNSIGNED_HEADER = [
    _("e-mail"),
    _("naam"),
    _("afdeling"),
    _("functie"),
    _("versie"),
    _("tekenen vóór"),
    _("dagen te laat"),
]


def group_of(user) -> str:
    """The "afdeling" column: a member of staff's department; for a partner in
    zorg their group, named after the contact person's department (as on the
    dashboard)."""
    partnership = getattr(user, "partnership", None)
    if partnership is not None:
        department = partnership.contact_person.department
        return _("Partners in zorg · %(department)s") % {
            "department": department.name if department else _("(geen afdeling)")
        }
    return user.department.name if user.department else ""


def signature_rows(
    version: GuidelineVersion, scope: Scope, approvals: dict | None = None
) -> Iterator[list]:
    """One row per signature that counts for `version`, carried-over ones
    included (their version column says which version was signed)."""
    signatures = (
        Signature.objects.counting_for(version)
        .filter(user__in=scope.people())
        .select_related(
            "user__department",
            "user__partnership__contact_person__department",
            "version",
        )
        .order_by("signed_at", "pk")
    )
    # Who approved each version a counting signature is on (four eyes).
    if approvals is None:
        approvals = approvals_counting_for(version)
    for s in signatures.iterator(chunk_size=2000):
        approval = approvals.get(s.version_id)
        yield [
            s.user.email,
            s.user.get_full_name(),
            group_of(s.user),
            s.version.number,
            timezone.localtime(s.signed_at),
            s.text_sha256,
            approval_by(approval),
            approval.decided_at if approval else "",
        ]


def approval_by(approval) -> str:
    """The "goedgekeurd door" cell: the reviewer, or how it was published
    without one."""
    if approval is None:
        return ""
    if approval.decided_by is None:
        return approval.get_decision_display()
    return approval.decided_by.get_full_name() or approval.decided_by.email


def unsigned_rows(version: GuidelineVersion, scope: Scope) -> Iterator[list]:
    today = local_today()
    late = max(0, (today - version.signing_deadline).days)
    users = (
        version.unsigned(scope.people())
        .select_related("department", "partnership__contact_person__department")
        .order_by("department__name", "last_name", "first_name", "pk")
    )
    for user in users.iterator(chunk_size=2000):
        yield [
            user.email,
            user.get_full_name(),
            group_of(user),
            user.job_title,
            version.number,
            version.signing_deadline,
            late,
        ]


# Widths (in characters) of the Excel columns, by header position.
SIGNATURE_WIDTHS = [34, 28, 24, 8, 18, 66, 28, 18]
UNSIGNED_WIDTHS = [34, 28, 24, 24, 8, 14, 12]


@dataclass(frozen=True)
class About:
    """What an export holds, written into the workbook beside the rows."""

    title: str
    version: GuidelineVersion
    scope: str
    by: str
    approval: str = ""  # who approved the version (four eyes), if shown

    def rows(self, now: datetime.datetime) -> list[tuple[str, object]]:
        return [
            (gettext("Export"), self.title),
            (gettext("Richtlijn"), self.version.guideline.title),
            (gettext("Versie"), self.version.number),
            (gettext("Bereik"), self.scope),
            (gettext("Geëxporteerd op"), now),
            (gettext("Geëxporteerd door"), self.by),
            *([(gettext("Vrijgave"), self.approval)] if self.approval else []),
        ]
