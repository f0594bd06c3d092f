"""The datalekregister's records opened, changed and purged, as the audit
log records them.

Registered in `apps.py` (see `audit.events`). The codes are stored and
hashed in the audit chain: never rename one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatalekAction(models.TextChoices):
    BREACH_OPENED = "breach_opened", _("datalek geregistreerd")
    BREACH_VIEWED = "breach_viewed", _("datalek geopend")
    BREACH_CHANGED = "breach_changed", _("datalek gewijzigd")
    BREACH_PURGED = "breach_purged", _("datalekregister opgeschoond")
