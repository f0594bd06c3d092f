"""Guidance keeps its search index fresh itself: policy says when the
sections of a version are stored, and the index follows in the same
transaction."""

from __future__ import annotations

from django.db.models.signals import post_migrate

from policy.signals import sections_stored


def index_new_sections(sender, *, version, sections, **kwargs) -> None:
    from guidance.indexing import sections_index

    sections_index(list(sections))


def index_after_migrate(sender, **kwargs) -> None:
    """A database upgraded to the search index gets it filled once: when
    there are sections but no index yet."""
    from guidance.models import SearchEntry
    from guidance.services import search_index_rebuild
    from policy.models import Section

    if not SearchEntry.objects.exists() and Section.objects.exists():
        search_index_rebuild()


def connect(app_config) -> None:
    sections_stored.connect(index_new_sections, dispatch_uid="guidance-index")
    post_migrate.connect(
        index_after_migrate, sender=app_config, dispatch_uid="guidance-index-fill"
    )
