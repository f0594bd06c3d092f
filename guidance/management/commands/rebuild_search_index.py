from __future__ import annotations

from django.core.management.base import BaseCommand

from guidance.services import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Fill the search index again from every published section and "
        "question (after an upgrade, or to restore it). Running it twice "
        "gives the same index."
    )

    def handle(self, *args, **options):
        sections, questions = search_index_rebuild()
        self.stdout.write(
            f"Search index rebuilt: {sections} sections, {questions} questions."
        )
