"""The chart of `/naleving/<slug>/`: signed over time since the version took
effect, per day, with the audience as the ceiling and the deadline marked;
for everyone in scope and for the departments that lag most. Read from the
daily rollup (`compliance.daily`), one query whatever the number of staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from compliance.daily import DayFigure, signed_per_day
from compliance.dashboard import Scope, VersionRow
from core import charts
from policy.models import local_today

LAGGING = 3


@dataclass
class Progress:
    id: str
    name: str
    title: str
    chart: charts.LineChart
    days: list[DayFigure]


def _progress(name: str, title: str, days: list[DayFigure], version) -> Progress:
    ceiling = days[-1].audience if days else 0
    labels = {
        "ceiling": _("doelgroep: %(n)s") % {"n": ceiling},
        "deadline": _("tekenen vóór %(date)s")
        % {"date": date_format(version.signing_deadline, "j M")}
        if version.signing_deadline
        else "",
        "first": date_format(days[0].day, "j M") if days else "",
        "last": date_format(
            max(days[-1].day, version.signing_deadline or days[-1].day), "j M"
        )
        if days
        else "",
    }
    chart = charts.line_chart(
        title,
        [(d.day, d.signed) for d in days],
        ceiling=ceiling,
        deadline=version.signing_deadline,
        labels=labels,
    )
    return Progress(chart.id, name, title, chart, days)


def progress_of(row: VersionRow, scope: Scope) -> list[Progress]:
    """The overall chart and one per lagging department (lowest share
    first, at most LAGGING), or none for a version not yet in effect."""
    version = row.version
    today = local_today()
    if version.effective_date is None or version.effective_date > today:
        return []
    series = signed_per_day(
        version, None if scope.everything else scope.department_ids, today=today
    )
    charts_ = [
        _progress(
            _("Iedereen") if scope.everything else scope.describe(),
            _("Getekend per dag sinds %(date)s: %(title)s")
            % {
                "date": date_format(version.effective_date, "j F Y"),
                "title": version.guideline.title,
            },
            series["all"],
            version,
        )
    ]
    behind = sorted(
        (d for d in row.departments if d.signed < d.audience),
        key=lambda d: (d.percent, d.name),
    )[:LAGGING]
    for department in behind:
        days = series.get((department.population, department.department_id), [])
        if days:
            charts_.append(
                _progress(
                    department.name,
                    _("Getekend per dag: %(name)s") % {"name": department.name},
                    days,
                    version,
                )
            )
    return charts_
