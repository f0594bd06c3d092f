from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Every mail of the portal: stored before the request answers, delivered
    by the task worker, retried with backoff, visible when it cannot go."""

    name = "outbox"
    verbose_name = _("uitgaande e-mail")
