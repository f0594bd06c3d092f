"""Policy keeps its compliance figures fresh when people, departments or
their import change who must sign; the apps that change them know nothing of
policy."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Department, Partnership, User
from accounts.signals import staff_imported
from policy.compliance import compliance_changed

# Saves that change nothing the figures count (a login, a new password).
UNCOUNTED_FIELDS = frozenset({"last_login", "password"})


def on_person_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= UNCOUNTED_FIELDS:
        return
    compliance_changed()


def on_changed(sender, **kwargs) -> None:
    compliance_changed()


def on_groups_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        compliance_changed()


def connect() -> None:
    # A partnership's start, end or contact person moves a partner in zorg
    # into or out of the figures, or to another department's group.
    for model in (User, Department, Partnership):
        post_save.connect(
            on_person_saved, sender=model, dispatch_uid=f"policy.saved.{model.__name__}"
        )
        post_delete.connect(
            on_changed, sender=model, dispatch_uid=f"policy.deleted.{model.__name__}"
        )
    m2m_changed.connect(
        on_groups_changed, sender=User.groups.through, dispatch_uid="policy.groups"
    )
    staff_imported.connect(on_changed, dispatch_uid="policy.staff_imported")
