"""Policy keeps its compliance figures fresh when other apps' data changes
(connected in `PolicyConfig.ready`): nobody else calls into the figures."""

from __future__ import annotations

from policy.figures import figures_refresh


def people_changed(sender, departments=None, **kwargs) -> None:
    """People joined, left or moved (accounts.signals.people_changed)."""
    figures_refresh(departments=departments)


def guideline_saved(sender, instance, raw=False, **kwargs) -> None:
    """`audience_all` may have changed: who must sign this richtlijn."""
    if not raw:
        figures_refresh(guideline_ids=[instance.pk])


def audience_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Departments were added to or removed from a richtlijn's audience."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        figures_refresh(guideline_ids=[instance.pk])
    elif pk_set is not None:
        figures_refresh(guideline_ids=pk_set, departments=[instance.pk])
    else:
        figures_refresh(departments=[instance.pk])
