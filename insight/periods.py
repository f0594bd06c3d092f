"""The period a page or report covers, from `?van=YYYY-MM-DD&tot=YYYY-MM-DD`.

Whatever is asked, the answer is a usable period and, when it differs from
what was asked, a Dutch sentence saying why: dates the wrong way round are
swapped, a date in the future becomes today, a period longer than
MAX_DAYS is shortened to the last MAX_DAYS before its end, and a date that
is no date falls back to the default.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_DAYS = 3 * 366
EARLIEST = datetime.date(2000, 1, 1)


@dataclass
class Period:
    since: datetime.date
    until: datetime.date
    notes: list[str] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def start(self) -> datetime.datetime:
        """The first moment of the period, in the site's time zone."""
        return _midnight(self.since)

    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        return _midnight(self.until + datetime.timedelta(days=1))

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        until = self.since - datetime.timedelta(days=1)
        return Period(until - datetime.timedelta(days=self.days - 1), until)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _date(value: str | None) -> datetime.date | None | bool:
    """The date, None when nothing was given, False when it is no date."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return False


def period_from(
    params, *, default_days: int, today: datetime.date | None = None
) -> Period:
    """The period asked for in `params` (a QueryDict or dict), made usable."""
    today = today or timezone.localdate()
    notes: list[str] = []
    until, since = _date(params.get("tot")), _date(params.get("van"))
    if until is False or since is False:
        notes.append(
            _("Een datum was geen geldige datum (JJJJ-MM-DD); die is weggelaten.")
        )
        until = until or None
        since = since or None
    until = until or today
    since = since or until - datetime.timedelta(days=default_days - 1)
    if since > until:
        since, until = until, since
        notes.append(_("De datums stonden in omgekeerde volgorde en zijn omgedraaid."))
    if until > today:
        until = today
        notes.append(
            _("Een periode kan niet in de toekomst liggen: tot en met vandaag.")
        )
        since = min(since, today)
    since = max(since, EARLIEST)
    if (until - since).days + 1 > MAX_DAYS:
        since = until - datetime.timedelta(days=MAX_DAYS - 1)
        notes.append(
            _("Een periode is hoogstens %(days)s dagen; de laatste zijn genomen.")
            % {"days": MAX_DAYS}
        )
    return Period(since, until, notes)
