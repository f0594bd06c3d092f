"""The management report (`/naleving/rapport.pdf` and `.xlsx`): for a period,
per richtlijn and department the share signed and its change since the
period before, the overdue, the reviews due, the scenario questions most
often wrong the first time, signals by kind and the datalekken.

Read from the figures' daily rollup, the signals and the breach register: a
fixed number of queries, never a count of signatures per person.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from compliance.models import ComplianceDay, Population
from insight.periods import Period
from insight.signal_figures import breach_quarters, kind_counts
from policy.models import Guideline, GuidelineVersion, Signature

TOP_QUESTIONS = 10
REVIEW_SOON_DAYS = 30


@dataclass
class Share:
    audience: int = 0
    signed: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.signed / self.audience) if self.audience else None


@dataclass
class ComplianceLine:
    guideline: str
    version: int
    group: str
    now: Share
    before: Share | None
    overdue: int

    @property
    def change(self) -> int | None:
        if (
            self.before is None
            or self.before.percent is None
            or self.now.percent is None
        ):
            return None
        return self.now.percent - self.before.percent


@dataclass
class Report:
    period: Period
    made: datetime.datetime
    totals: list[ComplianceLine] = field(default_factory=list)
    lines: list[ComplianceLine] = field(default_factory=list)
    reviews_overdue: list[Guideline] = field(default_factory=list)
    reviews_due: list[Guideline] = field(default_factory=list)
    questions: list[tuple[str, str, int, int]] = field(default_factory=list)
    signals: dict[str, int] = field(default_factory=dict)
    breaches: dict[str, int] = field(default_factory=dict)


def _state_at(rows, day: datetime.date) -> dict[tuple, Share]:
    """Per (version, population, department) the rollup's last row on or
    before `day`; `rows` ordered by day."""
    state: dict[tuple, Share] = {}
    for row_day, version_id, population, department_id, audience, signed in rows:
        if row_day > day:
            break
        state[version_id, population, department_id] = Share(audience, signed)
    return state


def _group_name(population: str, department: str) -> str:
    if population == Population.PARTNER:
        return _("Partners in zorg · %(department)s") % {"department": department}
    return department


def compliance_lines(
    period: Period,
) -> tuple[list[ComplianceLine], list[ComplianceLine]]:
    """(per richtlijn, per richtlijn and department) at the end of the period,
    beside the end of the period before. Three queries."""
    versions = list(
        GuidelineVersion.objects.in_force(period.until)
        .without_text()
        .select_related("guideline")
        .order_by("guideline__title")
    )
    names = dict(Department.objects.values_list("pk", "name"))
    rows = list(
        ComplianceDay.objects.filter(version__in=versions, day__lte=period.until)
        .order_by("day")
        .values_list(
            "day", "version_id", "population", "department_id", "audience", "signed"
        )
    )
    now = _state_at(rows, period.until)
    before = _state_at(rows, period.since - datetime.timedelta(days=1))
    totals, lines = [], []
    for version in versions:
        late = (
            version.signing_deadline is not None
            and version.signing_deadline < period.until
        )
        total_now, total_before = Share(), Share()
        keys = sorted(
            (k for k in now if k[0] == version.pk),
            key=lambda k: (k[1], names.get(k[2], "")),
        )
        for key in keys:
            share, earlier = now[key], before.get(key)
            total_now.audience += share.audience
            total_now.signed += share.signed
            if earlier is not None:
                total_before.audience += earlier.audience
                total_before.signed += earlier.signed
            lines.append(
                ComplianceLine(
                    version.guideline.title,
                    version.number,
                    _group_name(key[1], names.get(key[2], _("(geen afdeling)"))),
                    share,
                    earlier,
                    share.audience - share.signed if late else 0,
                )
            )
        totals.append(
            ComplianceLine(
                version.guideline.title,
                version.number,
                _("alle afdelingen"),
                total_now,
                total_before if total_before.audience else None,
                total_now.audience - total_now.signed if late else 0,
            )
        )
    return totals, lines


def missed_questions(period: Period, limit: int = TOP_QUESTIONS):
    """The scenario questions most often wrong the first time among the
    signatures given in the period: (richtlijn, situation, wrong, signed)."""
    through = Signature.missed_questions.through
    in_period = {
        "signature__signed_at__gte": period.start(),
        "signature__signed_at__lt": period.end(),
    }
    wrong = list(
        through.objects.filter(**in_period)
        .values("scenarioquestion_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list(
            "scenarioquestion__version_id",
            "scenarioquestion__version__guideline__title",
            "scenarioquestion__situation",
            "n",
        )[:limit]
    )
    signed = dict(
        Signature.objects.filter(
            version_id__in={w[0] for w in wrong},
            signed_at__gte=period.start(),
            signed_at__lt=period.end(),
        )
        .values("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )
    return [(title, situation, n, signed.get(v, 0)) for v, title, situation, n in wrong]


def report_build(period: Period) -> Report:
    report = Report(period=period, made=timezone.localtime())
    report.totals, report.lines = compliance_lines(period)
    soon = period.until + datetime.timedelta(days=REVIEW_SOON_DAYS)
    reviews = list(
        Guideline.objects.filter(review_due__lte=soon)
        .select_related("owner")
        .order_by("review_due", "title")
    )
    report.reviews_overdue = [g for g in reviews if g.review_due < period.until]
    report.reviews_due = [g for g in reviews if g.review_due >= period.until]
    report.questions = missed_questions(period)
    report.signals = kind_counts(period)
    quarters = breach_quarters(period)
    report.breaches = {
        "count": sum(q.count for q in quarters),
        "notified": sum(q.notified for q in quarters),
        "in_time": sum(q.in_time for q in quarters),
        "undecided": sum(q.undecided for q in quarters),
    }
    return report
