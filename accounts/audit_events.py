"""The staff import and single sign-on, as the audit log records them.

Registered in `apps.py` (see `audit.events`). The codes are stored and
hashed in the audit chain: never rename one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountsAction(models.TextChoices):
    SSO_REFUSED = "sso_refused", _("inloggen met Microsoft geweigerd")
    STAFF_IMPORTED = "staff_imported", _("medewerkers geïmporteerd")
