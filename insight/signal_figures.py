"""The figures of `/meldingen/overzicht/` (and the management report): signals
per month by kind and platform, the principles most concerned, how fast PR
answers, and the datalekken per quarter with their decision.

A fixed number of queries whatever the period or the data: the database
groups the signals by month, and the rows fetched per signal or breach are
a few columns of the period's own signals and breaches (hundreds a year,
never signatures or staff).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from audit.models import AuditEvent
from datalek.audit_events import DatalekAction
from datalek.models import NOTIFY_WITHIN, Breach, Decision
from insight.periods import Period
from policy.models import Principle
from reporting.models import Kind, Platform, Signal, SignalEvent

# What counts as PR's first answer to the reporter: an answer, the reason
# no action is needed, or a question back.
ANSWER_FIELDS = [
    SignalEvent.Field.ANSWER,
    SignalEvent.Field.CLOSING_REASON,
    SignalEvent.Field.QUESTION,
]
TOP_PRINCIPLES = 10


def months_of(period: Period) -> list[datetime.date]:
    month = period.since.replace(day=1)
    months = []
    while month <= period.until:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarters_of(period: Period) -> list[tuple[int, int]]:
    return sorted({quarter_of(month) for month in months_of(period)})


def _local_month(moment) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        moment = moment.date()
    return moment.replace(day=1)


@dataclass
class MonthAnswers:
    month: datetime.date
    received: int = 0
    answered: int = 0
    in_time: int = 0
    hours: list[float] = field(default_factory=list)

    @property
    def share_in_time(self) -> int | None:
        """Percentage of the answered signals answered by their due date."""
        return round(100 * self.in_time / self.answered) if self.answered else None

    @property
    def median_hours(self) -> int | None:
        return round(statistics.median(self.hours)) if self.hours else None


def _answers(signals, months: list[datetime.date]) -> list[MonthAnswers]:
    per_month = {month: MonthAnswers(month) for month in months}
    rows = signals.annotate(
        first=Min("events__created_at", filter=Q(events__field__in=ANSWER_FIELDS))
    ).values_list("created_at", "due_date", "first")
    for created, due, first in rows:
        figures = per_month.get(_local_month(created))
        if figures is None:
            continue
        figures.received += 1
        if first is None:
            continue
        figures.answered += 1
        figures.hours.append((first - created).total_seconds() / 3600)
        if timezone.localdate(first) <= due:
            figures.in_time += 1
    return list(per_month.values())


def _by_month(
    signals, column: str, months, values
) -> list[tuple[datetime.date, list[int]]]:
    counts: dict[tuple[datetime.date, str], int] = {}
    for month, value, n in (
        signals.annotate(month=TruncMonth("created_at"))
        .values("month", column)
        .annotate(n=Count("pk"))
        .values_list("month", column, "n")
        .order_by()
    ):
        counts[_local_month(month), value] = n
    return [(month, [counts.get((month, v), 0) for v in values]) for month in months]


@dataclass
class QuarterBreaches:
    quarter: tuple[int, int]
    count: int = 0
    notify: int = 0
    not_notify: int = 0
    undecided: int = 0
    notified: int = 0
    in_time: int = 0
    hours: list[float] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.quarter[0]} K{self.quarter[1]}"

    @property
    def median_hours(self) -> int | None:
        return round(statistics.median(self.hours)) if self.hours else None


def decision_moments(breach_ids: list[int]) -> dict[int, datetime.datetime]:
    """When each breach's decision (melden or not) was first recorded: the
    earliest audit entry of a change to its decision. One query."""
    moments: dict[int, datetime.datetime] = {}
    entries = AuditEvent.objects.filter(
        action=DatalekAction.BREACH_CHANGED,
        object_type=Breach._meta.label_lower,
        object_id__in=[str(pk) for pk in breach_ids],
    ).order_by("at", "pk")
    for object_id, at, details in entries.values_list("object_id", "at", "details"):
        changes = (details or {}).get("changes", [])
        if any(c.get("field") == "decision" and c.get("new", "x") for c in changes):
            moments.setdefault(int(object_id), at)
    return moments


def breach_quarters(period: Period) -> list[QuarterBreaches]:
    quarters = {q: QuarterBreaches(q) for q in quarters_of(period)}
    breaches = list(
        Breach.objects.filter(aware_at__gte=period.start(), aware_at__lt=period.end())
        .order_by()
        .values_list("pk", "aware_at", "decision", "ap_notified_at")
    )
    decided_at = decision_moments([pk for pk, *_ in breaches])
    for pk, aware_at, decision, notified_at in breaches:
        figures = quarters.get(quarter_of(timezone.localdate(aware_at)))
        if figures is None:
            continue
        figures.count += 1
        figures.notify += decision == Decision.NOTIFY
        figures.not_notify += decision == Decision.DO_NOT_NOTIFY
        figures.undecided += not decision
        figures.notified += notified_at is not None
        moment = decided_at.get(pk)
        if decision and moment is not None:
            figures.hours.append((moment - aware_at).total_seconds() / 3600)
            figures.in_time += moment <= aware_at + NOTIFY_WITHIN
    return list(quarters.values())


def top_principles(period: Period, limit: int = TOP_PRINCIPLES) -> list[Principle]:
    in_period = Q(
        signals__created_at__gte=period.start(), signals__created_at__lt=period.end()
    )
    return list(
        Principle.objects.select_related("guideline")
        .annotate(count=Count("signals", filter=in_period))
        .filter(count__gt=0)
        .order_by("-count", "guideline__title", "position")[:limit]
    )


@dataclass
class SignalFigures:
    period: Period
    months: list[datetime.date]
    kinds: list[tuple[datetime.date, list[int]]]
    platforms: list[tuple[datetime.date, list[int]]]
    platform_totals: list[tuple[str, int]]
    kind_totals: list[tuple[str, int]]
    principles: list[Principle]
    answers: list[MonthAnswers]
    breaches: list[QuarterBreaches]


def signal_figures(period: Period) -> SignalFigures:
    """Every figure of the overview: six queries."""
    months = months_of(period)
    signals = Signal.objects.filter(
        created_at__gte=period.start(), created_at__lt=period.end()
    ).order_by()
    kinds = _by_month(signals, "kind", months, Kind.values)
    platforms = _by_month(signals, "platform", months, Platform.values)
    kind_totals: Counter = Counter()
    platform_totals: Counter = Counter()
    for _month, values in kinds:
        kind_totals.update(dict(zip(Kind.values, values, strict=True)))
    for _month, values in platforms:
        platform_totals.update(dict(zip(Platform.values, values, strict=True)))
    return SignalFigures(
        period=period,
        months=months,
        kinds=kinds,
        platforms=platforms,
        platform_totals=[
            (str(label), platform_totals[v]) for v, label in Platform.choices
        ],
        kind_totals=[(str(label), kind_totals[v]) for v, label in Kind.choices],
        principles=top_principles(period),
        answers=_answers(signals, months),
        breaches=breach_quarters(period),
    )


def kind_counts(period: Period) -> dict[str, int]:
    """Signals per kind in the period (one query), for the report."""
    counts = defaultdict(int)
    for kind, n in (
        Signal.objects.filter(
            created_at__gte=period.start(), created_at__lt=period.end()
        )
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    ):
        counts[kind] = n
    return {str(label): counts[value] for value, label in Kind.choices}
