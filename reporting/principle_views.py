"""How many signals concern each principle of the richtlijnen: what Beleid
reads before writing the next version."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from policy.models import Principle
from reporting.models import Signal

DEFAULT_DAYS = 90
# No signal is older than the portal: a period is clamped to lie between this
# day and today, so any date typed in the address gives a page.
FIRST_DAY = datetime.date(2000, 1, 1)


def _date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return default


def _clamp(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(max(day, FIRST_DAY), today)


@require_GET
@permission_required("reporting.view_principle_counts", raise_exception=True)
def principle_counts(request):
    today = timezone.localdate()
    until = _clamp(_date(request.GET.get("tot"), today), today)
    since = _clamp(
        _date(request.GET.get("van"), until - datetime.timedelta(days=DEFAULT_DAYS)),
        today,
    )
    if since > until:
        since, until = until, since
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
    )
    in_period = Q(signals__created_at__gte=start, signals__created_at__lt=end)
    principles = list(
        Principle.objects.select_related("guideline")
        .annotate(count=Count("signals", filter=in_period))
        .order_by("guideline__title", "position")
    )
    signals = Signal.objects.filter(created_at__gte=start, created_at__lt=end)
    totals = signals.aggregate(
        total=Count("pk", distinct=True),
        without=Count("pk", filter=Q(principles=None), distinct=True),
    )
    return render(
        request,
        "reporting/principle_counts.html",
        {
            "principles": principles,
            "since": since,
            "until": until,
            "total": totals["total"],
            "without": totals["without"],
        },
    )
