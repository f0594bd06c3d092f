"""What a concept must pass to be published (`version_publish`): a text
that differs from the versions before it, a summary from version 2 on, dates
that make sense, scenario questions that match the text, links that lead
somewhere. Every problem is a Dutch message under the field it concerns."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from policy.handbook import link_problems
from policy.models import GuidelineVersion
from policy.questions import question_problems, version_sha256
from policy.rendering import split_sections


def same_text(a: str, b: str) -> bool:
    """Whether two texts read the same: differences in white space only
    (spaces, line breaks, indentation) do not count."""
    return a.split() == b.split()


def publication_errors(
    *,
    version: GuidelineVersion,
    previous: GuidelineVersion | None,
    number: int,
    questions: list,
    rendered,
    today: datetime.date,
    change_summary: str,
    is_minor: bool,
    effective_date: datetime.date,
    signing_deadline: datetime.date | None,
) -> dict:
    """The problems that stop `version` from being published as `number`
    (after `previous`), by field; empty when it may be. The approval is
    asked separately (`policy.approval`)."""
    errors = _publish_text_errors(version, previous, questions)
    errors |= _publish_field_errors(
        today=today,
        number=number,
        previous=previous,
        change_summary=change_summary,
        is_minor=is_minor,
        effective_date=effective_date,
        signing_deadline=signing_deadline,
    )
    errors |= _publish_content_errors(
        version, previous, questions, rendered, is_minor=is_minor
    )
    return errors


def _publish_text_errors(
    version: GuidelineVersion, previous: GuidelineVersion | None, questions: list
) -> dict:
    """A concept to publish has a text, and one (with its questions) that
    differs from the version in force and the last one published."""
    if not version.body.strip():
        return {"body": _("Een versie zonder tekst kan niet worden gepubliceerd.")}
    in_force = version.guideline.version_in_force()
    # New scenario questions on the same text are a new version.
    same = next(
        (
            other
            for other in (in_force, previous)
            if other is not None
            and same_text(version.body, other.body)
            and version_sha256("", questions)
            == version_sha256("", other.questions.all())
        ),
        None,
    )
    if same is None:
        return {}
    return {
        "body": _(
            "De tekst is dezelfde als die van versie %(number)d "
            "(verschillen in witruimte tellen niet). Pas de tekst "
            "eerst aan; er is niets gepubliceerd."
        )
        % {"number": same.number}
    }


def _publish_field_errors(
    *,
    today: datetime.date,
    number: int,
    previous: GuidelineVersion | None,
    change_summary: str,
    is_minor: bool,
    effective_date: datetime.date,
    signing_deadline: datetime.date | None,
) -> dict:
    """The summary, the minor flag and the dates of a publication."""
    errors = {}
    if number > 1 and not change_summary.strip():
        errors["change_summary"] = _(
            "Beschrijf wat er is veranderd; dat is verplicht vanaf versie 2."
        )
    if is_minor and previous is None:
        errors["is_minor"] = _(
            "De eerste versie kan geen kleine wijziging zijn: "
            "er zijn nog geen handtekeningen om over te nemen."
        )
    if effective_date < today:
        errors["effective_date"] = _("De datum kan niet in het verleden liggen.")
    elif signing_deadline is not None and signing_deadline <= effective_date:
        errors["signing_deadline"] = _(
            "De uiterste datum om te tekenen moet na de ingangsdatum liggen (%(date)s)."
        ) % {"date": date_format(effective_date, "j F Y")}
    return errors


def _publish_content_errors(
    version: GuidelineVersion,
    previous: GuidelineVersion | None,
    questions: list,
    rendered,
    *,
    is_minor: bool,
) -> dict:
    """The scenario questions against the rendered text, and its links."""
    errors = {}
    problems = question_problems(questions, split_sections(rendered.html))
    if (
        is_minor
        and previous is not None
        and version_sha256("", questions)
        != version_sha256("", previous.questions.all())
    ):
        problems.append(
            _(
                "Een kleine wijziging houdt de scenariovragen van de vorige "
                "versie; wie de vragen wijzigt, publiceert een inhoudelijke "
                "wijziging."
            )
        )
    if problems:
        errors["questions"] = problems
    broken_links = link_problems(rendered.html, guideline=version.guideline)
    if broken_links:
        errors["links"] = broken_links
    return errors
