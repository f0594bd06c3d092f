from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = _("Richtlijnen")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_save

        from accounts.signals import people_changed
        from policy import receivers
        from policy.models import Guideline

        people_changed.connect(receivers.people_changed, dispatch_uid="policy.people")
        post_save.connect(
            receivers.guideline_saved, sender=Guideline, dispatch_uid="policy.guideline"
        )
        m2m_changed.connect(
            receivers.audience_changed,
            sender=Guideline.departments.through,
            dispatch_uid="policy.audience",
        )
