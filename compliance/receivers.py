"""The compliance figures keep themselves fresh when other apps' data
changes: policy (signatures, publications, audiences), accounts (people,
departments, partnerships) know nothing of the figures, and nobody else
calls into them. Connected in `ComplianceConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Partnership
from accounts.signals import people_changed, staff_imported
from compliance.daily import figures_history_rebuild
from compliance.figures import figures_count_signature, figures_refresh
from policy.models import Guideline, GuidelineJobTitle, Signature
from policy.signals import signature_stored, signatures_loaded, signing_changed


def on_signature_stored(sender, signature, **kwargs) -> None:
    """A new signature, in the transaction that stores it."""
    figures_count_signature(signature)


def on_signing_changed(sender, guideline_ids, **kwargs) -> None:
    """A publication or a withdrawal changed what must be signed."""
    figures_refresh(guideline_ids=guideline_ids)


def on_signatures_loaded(sender, **kwargs) -> None:
    """Signatures stored in bulk: everything, and the history, again."""
    figures_refresh()
    figures_history_rebuild()


def on_people_changed(sender, departments=None, **kwargs) -> None:
    """People joined, left or moved (accounts.signals.people_changed)."""
    figures_refresh(departments=departments)


def on_staff_imported(sender, **kwargs) -> None:
    """An HR import may have changed anyone, also by queryset updates."""
    figures_refresh()


# The fields of a richtlijn that decide who must sign it.
AUDIENCE_FIELDS = {"audience_all", "audience_partners"}


def on_guideline_saved(
    sender, instance, raw=False, update_fields=None, **kwargs
) -> None:
    """`audience_all` or `audience_partners` may have changed: who must sign
    this richtlijn. A save of other fields only (a publication setting the
    review date, which counts the figures itself) changes nobody."""
    if raw or (update_fields is not None and not AUDIENCE_FIELDS & update_fields):
        return
    figures_refresh(guideline_ids=[instance.pk])


def on_job_titles_changed(sender, instance, raw=False, **kwargs) -> None:
    """A job title was added to or removed from a richtlijn's audience."""
    if not raw:
        figures_refresh(guideline_ids=[instance.guideline_id])


def on_audience_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Departments were added to or removed from a richtlijn's audience."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        figures_refresh(guideline_ids=[instance.pk])
    elif pk_set is not None:
        figures_refresh(guideline_ids=pk_set, departments=[instance.pk])
    else:
        figures_refresh(departments=[instance.pk])


def on_partnership_changed(sender, instance, raw=False, **kwargs) -> None:
    """A partnership's start, end or contact person moves a partner in zorg
    into or out of the figures, or to another department's group. Their
    own account has no department, and the slice of "no department" takes
    in every partner in zorg (`compliance.figures`): a few hundred people,
    counted again, whichever contact person they had before."""
    if not raw:
        figures_refresh(departments=[None])


def connect() -> None:
    signature_stored.connect(
        on_signature_stored, sender=Signature, dispatch_uid="compliance.signature"
    )
    signing_changed.connect(
        on_signing_changed, sender=Guideline, dispatch_uid="compliance.signing"
    )
    signatures_loaded.connect(
        on_signatures_loaded, sender=Signature, dispatch_uid="compliance.loaded"
    )
    people_changed.connect(on_people_changed, dispatch_uid="compliance.people")
    staff_imported.connect(on_staff_imported, dispatch_uid="compliance.staff_imported")
    post_save.connect(
        on_guideline_saved, sender=Guideline, dispatch_uid="compliance.guideline"
    )
    m2m_changed.connect(
        on_audience_changed,
        sender=Guideline.departments.through,
        dispatch_uid="compliance.audience",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            on_job_titles_changed,
            sender=GuidelineJobTitle,
            dispatch_uid="compliance.job_titles",
        )
    post_save.connect(
        on_partnership_changed,
        sender=Partnership,
        dispatch_uid="compliance.partner",
    )
    post_delete.connect(
        on_partnership_changed,
        sender=Partnership,
        dispatch_uid="compliance.partner",
    )
