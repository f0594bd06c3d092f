"""The daily rollup of the compliance figures (`ComplianceDay`): what the
chart of signed over time reads, so no page counts signatures per day.

The figures write it themselves (`compliance.figures`): whenever rows of
`ComplianceCount` change, their state of today replaces today's rollup of
the same slice, in the same transaction and under the same row locks, so
the rollup of a day is the figures as they stood when it ended.
`figures_history_rebuild` fills the past again from the signatures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from compliance.models import ComplianceCount, ComplianceDay
from policy.models import (
    GuidelineVersion,
    Signature,
    local_today,
)


def days_write(where: Q) -> None:
    """Copy the figures matching `where` (a filter on version, population and
    department, which both tables share) into today's rollup."""
    today = local_today()
    ComplianceDay.objects.filter(where, day=today).delete()
    ComplianceDay.objects.bulk_create(
        (
            ComplianceDay(
                version_id=version_id,
                population=population,
                department_id=department_id,
                day=today,
                audience=audience,
                signed=signed,
            )
            for version_id, population, department_id, audience, signed in (
                ComplianceCount.objects.filter(where)
                .order_by()
                .values_list(
                    "version_id", "population", "department_id", "audience", "signed"
                )
            )
        ),
        batch_size=1000,
    )


def _history_of(version: GuidelineVersion, slice_columns: dict) -> list[ComplianceDay]:
    """The rollup of `version` rebuilt: per slice, signed at the end of each
    day someone's counting signature came in, out of today's audience."""
    from compliance.figures import count_from_scratch

    first = (
        Signature.objects.counting_for(version)
        .filter(user=OuterRef("pk"))
        .order_by("signed_at")
        .values("signed_at")[:1]
    )
    per_day = (
        version.signers()
        .annotate(**slice_columns, first=Subquery(first))
        .annotate(day=TruncDate("first"))
        .values("slice_population", "slice_department", "day")
        .annotate(n=Count("pk"))
        .order_by("slice_population", "slice_department", "day")
        .values_list("slice_population", "slice_department", "day", "n")
    )
    audience = count_from_scratch(version)
    start = version.effective_date or local_today()
    # Every slice starts on the day the version took effect, with whatever
    # counted by then (signatures carried over from earlier versions).
    running = dict.fromkeys(audience, 0)
    days = {(key, start): 0 for key in audience}
    for population, department, day, n in per_day:
        key = (population, department)
        running[key] = running.get(key, 0) + n
        days[key, max(day, start)] = running[key]
    return [
        ComplianceDay(
            version=version,
            population=population,
            department_id=department,
            day=day,
            audience=audience.get((population, department), (0, 0))[0],
            signed=min(signed, audience.get((population, department), (0, 0))[0]),
        )
        for ((population, department), day), signed in days.items()
    ]


def figures_history_rebuild(*, guideline_ids=None) -> int:
    """Build the daily rollup of the versions in force (or to come) again from
    the signatures, then write today's from the figures. Returns the rows
    written. Safe at any time; `recount_compliance` and the demo call it."""
    from compliance.figures import _slice_columns

    versions = (
        GuidelineVersion.objects.current().without_text().select_related("guideline")
    )
    if guideline_ids is not None:
        versions = versions.filter(guideline_id__in=list(guideline_ids))
    written = 0
    with transaction.atomic():
        for version in versions:
            ComplianceDay.objects.filter(version=version).delete()
            rows = _history_of(version, _slice_columns())
            ComplianceDay.objects.bulk_create(rows, batch_size=1000)
            days_write(Q(version=version))
            written += len(rows)
    return written


@dataclass
class DayFigure:
    day: datetime.date
    audience: int
    signed: int

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.audience) if self.audience else 100


def signed_per_day(
    version: GuidelineVersion, departments=None, *, today=None
) -> dict[object, list[DayFigure]]:
    """Signed out of the audience at the end of each day since `version` took
    effect, from the rollup: {"all": [...], (population, department id):
    [...]} for the staff of `departments` (default: all) and the partners
    of theirs. One
    query; a day without a row kept the figures of the day before."""
    from compliance.figures import _departments_q

    today = today or local_today()
    start = version.effective_date or today
    rows = ComplianceDay.objects.filter(version=version, day__lte=today)
    if departments is not None:
        rows = rows.filter(_departments_q(departments))
    latest: dict[tuple, tuple[int, int]] = {}
    by_day: dict[datetime.date, list] = {}
    for day, population, department, audience, signed in rows.order_by(
        "day"
    ).values_list("day", "population", "department_id", "audience", "signed"):
        by_day.setdefault(max(day, start), []).append(
            ((population, department), audience, signed)
        )
    series: dict[object, list[DayFigure]] = {"all": []}
    day = start
    while day <= today:
        for key, audience, signed in by_day.get(day, []):
            latest[key] = (audience, signed)
        per_department: dict[object, list[int]] = {}
        for key, (audience, signed) in latest.items():
            for target in ("all", key):
                totals = per_department.setdefault(target, [0, 0])
                totals[0] += audience
                totals[1] += signed
        for target, (audience, signed) in per_department.items():
            series.setdefault(target, []).append(DayFigure(day, audience, signed))
        if not latest:
            series["all"].append(DayFigure(day, 0, 0))
        day += datetime.timedelta(days=1)
    return series
