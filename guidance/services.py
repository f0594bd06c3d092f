"""Changes to guidance's data that touch several models."""

from __future__ import annotations

from django.db import connection, transaction

from guidance.indexing import index_everything
from guidance.models import SearchText


def search_index_rebuild() -> tuple[int, int]:
    """Fill the search index again from every stored section and published
    question, with the analyser as it is now (after a change to it, or to
    restore the index). Idempotent: the same data gives the same index.
    Returns how many sections and questions were indexed."""
    with transaction.atomic():
        counts = index_everything()
        if connection.vendor == "sqlite":
            table = connection.ops.quote_name(SearchText._meta.db_table)
            with connection.cursor() as cursor:
                # The FTS5 index read anew from its content table.
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    return counts
