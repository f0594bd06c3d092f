from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.partners import partners_anonymise


class Command(BaseCommand):
    help = (
        "Anonymise partners in zorg whose partnership ended more than "
        "PARTNER_RETENTION_DAYS ago: name and e-mail address replaced; their "
        "signatures stay as evidence. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        done = partners_anonymise()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(done)} partner(s) anonymised "
                f"(ended more than {settings.PARTNER_RETENTION_DAYS} days ago)."
            )
        )
