from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from policy.models import Guideline, GuidelineVersion, VersionStatus
from policy.questions import questions_load
from policy.rendering import normalise_text, text_sha256
from policy.services import version_publish


class Command(BaseCommand):
    help = (
        "Import a Markdown file as a new version of a richtlijn (created if "
        "needed). Does nothing when the newest version already has this text, "
        "and with --if-missing nothing when the richtlijn has any version."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Markdown file (UTF-8)")
        parser.add_argument("--slug", required=True)
        parser.add_argument("--title", help="title, required for a new richtlijn")
        parser.add_argument(
            "--publish", action="store_true", help="publish instead of a concept"
        )
        parser.add_argument(
            "--effective-date",
            type=datetime.date.fromisoformat,
            help="YYYY-MM-DD; default today",
        )
        parser.add_argument("--summary", default="", help="change summary")
        parser.add_argument("--minor", action="store_true", help="minor change")
        parser.add_argument(
            "--questions",
            type=Path,
            help="JSON file of scenario questions for a new concept (see README)",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="only for a richtlijn without versions: never touch editors' work",
        )

    def handle(self, *args, path: Path, slug: str, title: str | None, **options):
        try:
            text = normalise_text(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        with transaction.atomic():
            guideline = Guideline.objects.filter(slug=slug).first()
            if guideline is None:
                if not title:
                    raise CommandError("--title is needed for a new richtlijn.")
                guideline = Guideline.objects.create(slug=slug, title=title)
            elif options["if_missing"] and guideline.versions.exists():
                # Editors may have opened a concept or published newer versions
                # since: loading the file again would publish over their work.
                self.stdout.write(f"{slug}: present, left as it is.")
                return
            newest = guideline.versions.order_by("-created_at").first()
            if newest and text_sha256(newest.body) == text_sha256(text):
                if newest.status == VersionStatus.CONCEPT and options["publish"]:
                    version = newest
                else:
                    self.stdout.write(f"{slug}: already up to date ({newest}).")
                    return
            else:
                version = GuidelineVersion.objects.create(
                    guideline=guideline, body=text
                )
            if options.get("questions") and not version.questions.exists():
                try:
                    questions_load(version=version, path=options["questions"])
                except (OSError, ValueError, ValidationError) as exc:
                    raise CommandError(
                        f"Cannot read {options['questions']}: {exc}"
                    ) from exc
            if options["publish"]:
                try:
                    version = version_publish(
                        version=version,
                        user=None,
                        effective_date=options["effective_date"],
                        change_summary=options["summary"],
                        is_minor=options["minor"],
                    )
                except ValidationError as exc:
                    raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{slug}: imported as {version}."))
