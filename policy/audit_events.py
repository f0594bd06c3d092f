"""Richtlijnen published, reviewed and withdrawn, as the audit log records
them.

Registered in `apps.py` (see `audit.events`). The codes are stored and
hashed in the audit chain: never rename one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyAction(models.TextChoices):
    VERSION_PUBLISHED = "version_published", _("versie gepubliceerd")
    REVIEW_REQUESTED = "review_requested", _("beoordeling van concept gevraagd")
    VERSION_APPROVED = "version_approved", _("concept goedgekeurd")
    VERSION_RETURNED = "version_returned", _("concept teruggestuurd")
    GUIDELINE_WITHDRAWN = "guideline_withdrawn", _("richtlijn ingetrokken")
