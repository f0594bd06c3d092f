"""The register for the Autoriteit Persoonsgegevens or an auditor."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from datalek.models import Breach, BreachChange

HEADER = [
    _("datalek"),
    _("melding"),
    _("status"),
    _("binnengekomen op"),
    _("Sterk Huis wist het sinds"),
    _("reden van de correctie"),
    _("termijn AP"),
    _("wat is er gebeurd"),
    _("om wie gaat het"),
    _("welke gegevens"),
    _("ongeveer hoeveel personen"),
    _("mogelijke gevolgen"),
    _("genomen maatregelen"),
    _("geplande maatregelen"),
    _("besluit over melden bij de AP"),
    _("reden van het besluit"),
    _("gemeld bij de AP op"),
    _("kenmerk van de AP"),
    _("betrokkenen geïnformeerd"),
    _("waarom (niet)"),
    _("afgesloten op"),
    _("geschiedenis"),
]


# Column widths of register.xlsx, in the order of HEADER.
WIDTHS = [
    9,
    9,
    18,
    18,
    18,
    30,
    18,
    40,
    22,
    26,
    10,
    30,
    30,
    30,
    22,
    30,
    18,
    16,
    12,
    30,
    18,
    60,
]


@dataclass(frozen=True)
class RegisterAbout:
    """What register.xlsx holds, on its sheet "Over deze export" as the other
    exports have it."""

    by: str

    @property
    def title(self) -> str:
        return str(_("Datalekregister"))

    def rows(self, now: datetime.datetime) -> list[tuple[str, object]]:
        return [
            (gettext("Export"), self.title),
            (gettext("Bereik"), gettext("alle datalekken, open en afgesloten")),
            (gettext("Geëxporteerd op"), now),
            (gettext("Geëxporteerd door"), self.by),
        ]


def _moment(value):
    """A real moment: a date cell in Excel, ISO 8601 to the second in CSV."""
    return value or ""


def register_rows() -> Iterator[list]:
    breaches = Breach.objects.register_order().prefetch_related(
        Prefetch("changes", queryset=BreachChange.objects.select_related("changed_by"))
    )
    for b in breaches.iterator(chunk_size=500):
        yield [
            b.pk,
            b.signal_number,
            b.get_status_display(),
            _moment(b.reported_at),
            _moment(b.aware_at),
            b.aware_at_reason,
            _moment(b.deadline),
            b.description,
            ", ".join(b.people_category_labels()),
            ", ".join(b.data_category_labels()),
            "" if b.people_count is None else b.people_count,
            b.consequences,
            b.measures_taken,
            b.measures_planned,
            b.get_decision_display(),
            b.decision_reason,
            _moment(b.ap_notified_at),
            b.ap_reference,
            b.get_subjects_informed_display(),
            b.subjects_informed_reason,
            _moment(b.closed_at),
            "\n".join(change.describe() for change in b.changes.all()),
        ]
