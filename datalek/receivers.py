"""Receivers of reporting's hooks (connected in DatalekConfig.ready)."""

from __future__ import annotations

from datalek.models import Breach
from datalek.services import breach_open


def open_breach(sender, *, instance, actor, at, **kwargs) -> None:
    breach_open(signal=instance, actor=actor, at=at)


def hold_open_breaches(sender, **kwargs):
    """The signals of open breaches: kept until the breach is closed."""
    return Breach.objects.open().filter(signal__isnull=False).values("signal_id")
