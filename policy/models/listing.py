"""The versions in force as the lists show them: the start page, the
handbook and a person's page list every version in force a reader may read
with their status.

A list of two hundred richtlijnen reads plain rows of the columns it shows,
not two model instances a row (building those cost more than the query). A
row decides its status with the same functions as `GuidelineVersion`
(`newest_signature_counts`, `days_late`), so the rule keeps one home.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core.addresses import remembered_reverse
from policy.models.common import days_late
from policy.models.signatures import newest_signature_counts
from policy.models.versions import in_force_for


@dataclass(frozen=True, slots=True)
class ListedGuideline:
    """What a list shows of a richtlijn."""

    pk: int
    slug: str
    title: str
    code: str
    chapter_id: int | None
    audience_partners: bool
    resign_interval_months: int | None

    def get_absolute_url(self) -> str:
        return remembered_reverse("policy:detail", self.slug)


@dataclass(frozen=True, slots=True)
class ListedVersion:
    """A version in force with one reader's status (`versions_in_force_for`)."""

    pk: int
    number: int
    effective_date: datetime.date | None
    signing_deadline: datetime.date | None
    signatures_from_number: int
    in_audience: bool
    user_signed_number: int | None
    user_signed_at: datetime.datetime | None
    guideline: ListedGuideline

    @property
    def is_signed(self) -> bool:
        return newest_signature_counts(
            self.user_signed_number,
            self.user_signed_at,
            self.signatures_from_number,
            self.guideline.resign_interval_months,
        )

    @property
    def needs_signature(self) -> bool:
        return self.in_audience and not self.is_signed

    @property
    def days_overdue(self) -> int:
        return days_late(self.signing_deadline, self.needs_signature)


_GUIDELINE = (
    "guideline_id",
    "guideline__slug",
    "guideline__title",
    "guideline__code",
    "guideline__chapter_id",
    "guideline__audience_partners",
    "guideline__resign_interval_months",
)
_VERSION = (
    "pk",
    "number",
    "effective_date",
    "signing_deadline",
    "signatures_from_number",
    "in_audience",
    "user_signed_number",
    "user_signed_at",
)


def versions_in_force_for(
    user, today: datetime.date | None = None
) -> list[ListedVersion]:
    """Every version in force that `user` may read, with their signature
    status and whether it applies to them, by title. One query."""
    rows = (
        in_force_for(user, today)
        .order_by("guideline__title")
        .values_list(*_VERSION, *_GUIDELINE)
    )
    size = len(_VERSION)
    return [
        ListedVersion(
            *row[:5],
            bool(row[5]),  # in_audience: SQLite answers 0 or 1
            *row[6:size],
            guideline=ListedGuideline(*row[size:]),
        )
        for row in rows
    ]
