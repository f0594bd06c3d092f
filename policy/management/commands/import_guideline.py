from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import roles
from accounts.models import User
from policy.models import Guideline, GuidelineVersion, VersionStatus
from policy.questions import questions_load
from policy.rendering import normalise_text, text_sha256
from policy.services import review_decide, review_request, version_publish
from policy.word import WordFileError, word_to_markdown

MARKDOWN_SUFFIXES = {".md", ".markdown", ".txt"}


class Command(BaseCommand):
    help = (
        "Import a Markdown file or a Word document (.docx) as a new version of "
        "a richtlijn (created if needed). Does nothing when the newest version "
        "already has this text, and with --if-missing nothing when the "
        "richtlijn has any version. --publish with --approved-by records that "
        "reviewer's approval (four eyes) first; without it the version is "
        "recorded as published without an approval in the portal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help="Markdown file (UTF-8) or Word document (.docx)"
        )
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
            "--approved-by",
            metavar="EMAIL",
            help="with --publish: the reviewer (Kwaliteit, Privacy or Beleid) "
            "who approved this text",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="only for a richtlijn without versions: never touch editors' work",
        )

    def handle(self, *args, path: Path, slug: str, title: str | None, **options):
        text = self._read(path)
        reviewer = self._reviewer(options.get("approved_by"))
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
                    if reviewer is not None:
                        review_decide(
                            request=review_request(
                                version=version, user=None, reviewer=reviewer
                            ),
                            user=reviewer,
                            decision="approve",
                        )
                    version = version_publish(
                        version=version,
                        user=None,
                        effective_date=options["effective_date"],
                        change_summary=options["summary"],
                        is_minor=options["minor"],
                        approval_waived=reviewer is None,
                    )
                except ValidationError as exc:
                    raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{slug}: imported as {version}."))

    def _read(self, path: Path) -> str:
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            try:
                return normalise_text(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            word = word_to_markdown(path.read_bytes(), path.name)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        except WordFileError as exc:
            raise CommandError(str(exc)) from exc
        for line in word.dropped:
            self.stdout.write(f"{path.name}: {line}")
        return normalise_text(word.markdown)

    def _reviewer(self, email: str | None):
        if not email:
            return None
        reviewer = User.objects.filter(email__iexact=email, is_active=True).first()
        if reviewer is None or not roles.may_review(reviewer):
            raise CommandError(
                f"--approved-by {email}: no active reviewer (Kwaliteit, Privacy "
                "or Beleid) with this address."
            )
        return reviewer
