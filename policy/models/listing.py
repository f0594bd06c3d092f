"""The versions in force as the lists show them: the start page, the
handbook and a person's page list every version in force a reader may read
with their status.

A list of two hundred richtlijnen reads plain rows of the columns it shows,
not two model instances a row (building those cost more than the query). A
row inherits its status from `ReaderStatus`, as `GuidelineVersion` does, so
the rule keeps one home.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from policy.models.guidelines import guideline_url
from policy.models.signatures import ReaderStatus
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
        return guideline_url(self.slug)


@dataclass(frozen=True, slots=True)
class ListedVersion(ReaderStatus):
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
