"""Signals and their files opened or changed, as the audit log records them.

Registered in `apps.py` (see `audit.events`). The codes are stored and
hashed in the audit chain: never rename one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingAction(models.TextChoices):
    SIGNAL_VIEWED = "signal_viewed", _("melding geopend")
    ATTACHMENT_VIEWED = "attachment_viewed", _("bijlage geopend")
    SIGNAL_CHANGED = "signal_changed", _("melding gewijzigd")
