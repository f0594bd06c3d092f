from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """Figures across the apps: charts, the management report, the audit
    dossier and the evidence check. Reads policy, reporting, datalek and
    audit; none of them knows it."""

    name = "insight"
    verbose_name = _("Inzicht")
