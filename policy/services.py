"""Rules that change richtlijnen and signatures. Views and the admin call these."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from audit.services import audit_record
from outbox import services as outbox
from policy.approval import (
    Decision,
    ReviewDecision,
    ReviewRequest,
    ReviewStatus,
    approval_problem,
    concept_authors,
    content_sha256,
    person_name,
    valid_approval,
)
from policy.audit_events import PolicyAction
from policy.handbook import broken_links_mail, links_broken_by
from policy.models import (
    Guideline,
    GuidelineVersion,
    SignAttempt,
    Signature,
    VersionStatus,
    local_today,
)
from policy.publication_checks import publication_errors
from policy.questions import questions_copy, version_sha256
from policy.rendering import normalise_text, render_markdown
from policy.sections import sections_store
from policy.signals import signature_stored, signing_changed

DEFAULT_SIGNING_DAYS = 14


class NotSignableError(Exception):
    """The version is not the one in force (a concept, replaced or withdrawn)."""


def version_create_draft(*, guideline: Guideline, user) -> GuidelineVersion:
    """Open the richtlijn's concept, starting it from the newest published text
    only when there is none: a richtlijn has one concept at a time (the
    database refuses a second), so editors never work on copies side by side.
    """
    with transaction.atomic():
        # Two editors clicking at once wait for each other here.
        Guideline.objects.select_for_update().get(pk=guideline.pk)
        existing = guideline.versions.filter(status=VersionStatus.CONCEPT).first()
        if existing is not None:
            return existing
        base = (
            guideline.versions.exclude(status=VersionStatus.CONCEPT)
            .order_by("-number")
            .first()
        )
        draft = GuidelineVersion(
            guideline=guideline,
            body=base.body if base else "",
            created_by=user,
        )
        draft.full_clean()
        draft.save()
        questions_copy(source=base, target=draft)
    return draft


def version_publish(
    *,
    version: GuidelineVersion,
    user,
    effective_date: datetime.date | None = None,
    change_summary: str = "",
    is_minor: bool = False,
    signing_deadline: datetime.date | None = None,
    approval_waived: bool = False,
) -> GuidelineVersion:
    """Publish a concept, now or from `effective_date`.

    Only a concept whose text and questions someone other than its authors
    approved (`policy.approval`); `approval_waived` is for the operator's
    `import_guideline --publish` alone, and is recorded as such.

    Renders the sanitised HTML once, hashes the text and freezes the version.
    A material version asks everyone to sign again; a minor one lets the
    signatures of the versions before it count (`signatures_from_number`).
    """
    with transaction.atomic():
        version, previous, number = _publish_lock(version)
        questions = list(version.questions.all())
        today = local_today()
        effective_date = effective_date or today
        rendered = render_markdown(version.body)
        errors = publication_errors(
            version=version,
            previous=previous,
            number=number,
            questions=questions,
            rendered=rendered,
            today=today,
            change_summary=change_summary,
            is_minor=is_minor,
            effective_date=effective_date,
            signing_deadline=signing_deadline,
        )
        content = version_sha256(version.body, questions)
        approval = None if approval_waived else valid_approval(version, content)
        if approval is None and not approval_waived:
            errors["approval"] = approval_problem(version, content)
        if errors:
            raise ValidationError(errors)
        broken_incoming = links_broken_by(version, rendered.html)

        _publish_freeze(
            version,
            user=user,
            number=number,
            previous=previous,
            rendered=rendered,
            content=content,
            change_summary=change_summary,
            is_minor=is_minor,
            effective_date=effective_date,
            signing_deadline=signing_deadline,
        )
        sections_store(version)
        version.guideline.review_reset()
        _publish_record(
            version,
            user=user,
            approval=approval,
            approval_waived=approval_waived,
            content=content,
            number=number,
            effective_date=effective_date,
            is_minor=is_minor,
        )
        signing_changed.send(sender=Guideline, guideline_ids=[version.guideline_id])
        broken_links_mail(version=version, broken=broken_incoming)
    return version


def _publish_lock(
    version: GuidelineVersion,
) -> tuple[GuidelineVersion, GuidelineVersion | None, int]:
    """Lock the concept and its richtlijn, so that two editors publishing at
    once cannot both take the same number: the concept as stored, the last
    version published before it, and the number it is to have."""
    Guideline.objects.select_for_update().get(pk=version.guideline_id)
    version = GuidelineVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.CONCEPT:
        raise ValidationError(_("Alleen een concept kan worden gepubliceerd."))
    previous = (
        GuidelineVersion.objects.filter(
            guideline_id=version.guideline_id, status=VersionStatus.PUBLISHED
        )
        .order_by("-number")
        .first()
    )
    highest = GuidelineVersion.objects.filter(
        guideline_id=version.guideline_id
    ).aggregate(n=Max("number"))["n"]
    return version, previous, (highest or 0) + 1


def _publish_freeze(
    version: GuidelineVersion,
    *,
    user,
    number: int,
    previous: GuidelineVersion | None,
    rendered,
    content: str,
    change_summary: str,
    is_minor: bool,
    effective_date: datetime.date,
    signing_deadline: datetime.date | None,
) -> None:
    """Number, render, hash and save the version as published."""
    version.number = number
    version.status = VersionStatus.PUBLISHED
    version.change_summary = change_summary.strip()
    version.is_minor = is_minor
    version.effective_date = effective_date
    version.signing_deadline = signing_deadline or (
        effective_date + datetime.timedelta(days=DEFAULT_SIGNING_DAYS)
    )
    version.published_at = timezone.now()
    version.published_by = user
    version.body_html = rendered.html
    version.toc_html = rendered.toc_html
    version.body_sha256 = content
    version.signatures_from_number = (
        previous.signatures_from_number if is_minor else number
    )
    version.full_clean()
    version.save()


def _publish_record(
    version: GuidelineVersion,
    *,
    user,
    approval,
    approval_waived: bool,
    content: str,
    number: int,
    effective_date: datetime.date,
    is_minor: bool,
) -> None:
    """The publication in the audit log, with the approval it rests on (a
    waived approval is recorded as a decision first)."""
    if approval_waived:
        approval = ReviewDecision(
            version=version, decision=Decision.WAIVED, content_sha256=content
        )
        approval.save()
    audit_record(
        action=PolicyAction.VERSION_PUBLISHED,
        obj=version,
        actor=user,
        details={
            "number": number,
            "effective_date": effective_date.isoformat(),
            "minor": is_minor,
            "approved_by": approval.decided_by.email if approval.decided_by else None,
            "approval": approval.decision,
            "approved_sha256": approval.content_sha256,
        },
    )


def guideline_withdraw(*, guideline: Guideline, user) -> int:
    """Withdraw a richtlijn: none of its versions is in force any more.

    The texts stay readable as history; nobody is asked to sign. Returns the
    number of versions withdrawn.
    """
    with transaction.atomic():
        versions = list(
            GuidelineVersion.objects.select_for_update().filter(
                guideline=guideline, status=VersionStatus.PUBLISHED
            )
        )
        now = timezone.now()
        for version in versions:
            version.status = VersionStatus.WITHDRAWN
            version.withdrawn_at = now
            version.save(update_fields=["status", "withdrawn_at"])
        guideline.review_reset()  # a richtlijn no longer in force needs no review
        audit_record(
            action=PolicyAction.GUIDELINE_WITHDRAWN,
            obj=guideline,
            actor=user,
            details={"versions": [v.number for v in versions]},
        )
        signing_changed.send(sender=Guideline, guideline_ids=[guideline.pk])
    return len(versions)


def sign_attempt_record(*, user, version: GuidelineVersion, wrong) -> SignAttempt:
    """Remember a wrong attempt at `version`'s questions on the server, so the
    figures see the first attempt whatever device comes next: the questions
    missed the first time and how many tries it took. Nothing is signed."""
    with transaction.atomic():
        attempt, _created = SignAttempt.objects.select_for_update().get_or_create(
            user=user, version=version
        )
        if not attempt.wrong_attempts:
            attempt.missed_questions.set(wrong)
        attempt.wrong_attempts += 1
        attempt.save(update_fields=["wrong_attempts"])
    return attempt


def signature_create(
    *, user, version: GuidelineVersion, attempts=None, missed_questions=None
) -> tuple[Signature, bool]:
    """Sign `version` for `user`; signing again changes nothing.

    Returns the signature that counts and whether it was created now. Only the
    version in force can be signed. When an earlier signature still counts
    (only minor versions since), that one is returned. `attempts` and
    `missed_questions` (answered wrongly the first time) record how the
    scenario questions went; left out, they come from the wrong attempts
    recorded by `sign_attempt_record`.
    """
    in_force = version.guideline.version_in_force()
    if in_force is None or in_force.pk != version.pk:
        raise NotSignableError(version)
    if not version.guideline.applies_to(user):
        # Others may read the richtlijn, but it is not theirs to sign.
        raise NotSignableError(version)
    # Signing this version again, once the earlier signature ran out. Counted
    # before asking for a signature that counts: a simultaneous request that
    # commits in between is then found below, or collides with this one on
    # the unique (user, version, renewal), never stored beside it.
    renewal = Signature.objects.filter(user=user, version=version).count()
    existing = (
        Signature.objects.counting_for(version)
        .filter(user=user)
        .order_by("-version__number", "-signed_at")
        .first()
    )
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            progress = SignAttempt.objects.filter(user=user, version=version).first()
            if attempts is None:
                attempts = (progress.wrong_attempts if progress else 0) + 1
            if missed_questions is None:
                missed_questions = (
                    list(progress.missed_questions.all()) if progress else []
                )
            if progress is not None:
                progress.delete()  # the signature holds it from now on
            signature = Signature(
                user=user,
                version=version,
                renewal=renewal,
                text_sha256=version.body_sha256,
                attempts=max(1, attempts),
            )
            signature.full_clean(validate_unique=False, validate_constraints=False)
            signature.save()
            if missed_questions:
                signature.missed_questions.set(missed_questions)
            signature_stored.send(sender=Signature, signature=signature)
            return signature, True
    except IntegrityError:
        # A simultaneous request signed first; the database's unique
        # constraint kept it at one signature.
        return Signature.objects.get(user=user, version=version), False


# --- Four eyes (vrijgave) ----------------------------------------------------


def _mail(*, to, template: str, context: dict) -> None:
    """Store the mail `template` for the active people in `to` in the outbox
    (greeting them by name when there is one)."""
    people = {u.email: u for u in to if u is not None and u.is_active}
    if len(people) == 1:
        context = {"name": next(iter(people.values())).first_name, **context}
    outbox.send(template, sorted(people), context)


def review_request(
    *, version: GuidelineVersion, user, reviewer=None, group=None, note: str = ""
) -> ReviewRequest:
    """Ask `reviewer`, or anyone of `group`, to approve this concept as it
    is now. An open request for it is replaced. The reviewers are mailed."""
    with transaction.atomic():
        version = GuidelineVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_concept:
            raise ValidationError(_("Alleen een concept kan worden beoordeeld."))
        if reviewer is not None:
            group = None
            if not roles.may_review(reviewer):
                raise ValidationError(
                    {
                        "reviewer": _("%(who)s mag geen concepten beoordelen.")
                        % {"who": person_name(reviewer)}
                    }
                )
            if reviewer.pk in concept_authors(version) | {getattr(user, "pk", None)}:
                raise ValidationError(
                    {
                        "reviewer": _(
                            "%(who)s heeft zelf aan dit concept gewerkt; kies "
                            "iemand anders (vier ogen)."
                        )
                        % {"who": person_name(reviewer)}
                    }
                )
        elif group is None or group.name not in roles.REVIEWER_GROUPS:
            raise ValidationError({"group": _("Kies een beoordelaar of een groep.")})
        now = timezone.now()
        version.review_requests.open().update(
            status=ReviewStatus.CANCELLED, closed_at=now
        )
        request = ReviewRequest(
            version=version,
            requested_by=user,
            requested_at=now,
            reviewer=reviewer,
            reviewer_group=group,
            note=note.strip(),
            content_sha256=content_sha256(version),
        )
        request.full_clean()
        request.save()
        audit_record(
            action=PolicyAction.REVIEW_REQUESTED,
            obj=version,
            actor=user,
            details={
                "reviewer": reviewer.email if reviewer else None,
                "group": group.name if group else None,
                "sha256": request.content_sha256,
            },
        )
        authors = concept_authors(version)
        to = (
            [reviewer]
            if reviewer
            else [m for m in roles.members(group.name) if m.pk not in authors]
        )
        if user is None:
            # The operator's import records an approval given outside the
            # portal: nobody needs to be asked.
            to = []
        _mail(
            to=to,
            template="review_requested",
            context={
                "request": request,
                "guideline": version.guideline,
                "requested_by": person_name(user),
                "url": settings.SITE_URL + reverse("review:detail", args=[request.pk]),
            },
        )
    return request


def review_decide(
    *, request: ReviewRequest, user, decision: str, comment: str = "", seen_sha256=""
) -> ReviewDecision:
    """Approve or return the concept of `request`, as the reviewer saw it
    (`seen_sha256`, default: as it was when the review was asked).

    Refused when the concept changed since, when `user` worked on it, when
    the request is not theirs or no longer open. Returning needs a comment,
    which is mailed to the authors.
    """
    with transaction.atomic():
        request = (
            ReviewRequest.objects.select_for_update(of=("self",))
            .select_related("version__guideline", "requested_by")
            .get(pk=request.pk)
        )
        version = request.version
        current = _review_refusals(
            request=request,
            user=user,
            decision=decision,
            comment=comment,
            seen_sha256=seen_sha256,
        )
        now = timezone.now()
        result = ReviewDecision(
            version=version,
            request=request,
            decision=decision,
            decided_by=user,
            decided_at=now,
            comment=comment.strip(),
            content_sha256=current,
        )
        result.full_clean()
        result.save()
        approved = decision == Decision.APPROVE
        request.status = ReviewStatus.APPROVED if approved else ReviewStatus.RETURNED
        request.closed_at = now
        request.save(update_fields=["status", "closed_at"])
        audit_record(
            action=(
                PolicyAction.VERSION_APPROVED
                if approved
                else PolicyAction.VERSION_RETURNED
            ),
            obj=version,
            actor=user,
            details={"sha256": current, "comment": result.comment},
        )
        _mail(
            to=[request.requested_by, version.created_by],
            template="review_approved" if approved else "review_returned",
            context={
                "decision": result,
                "guideline": version.guideline,
                "reviewer": person_name(user),
                "url": settings.SITE_URL
                + reverse("admin:policy_guidelineversion_change", args=[version.pk]),
            },
        )
    return result


def _review_refusals(
    *, request: ReviewRequest, user, decision: str, comment: str, seen_sha256: str
) -> str:
    """Why `user` may not decide so on `request` (a ValidationError), else the
    hash of the concept as it is now."""
    version = request.version
    if request.status != ReviewStatus.OPEN or not version.is_concept:
        raise ValidationError(
            _(
                "Over dit verzoek is al beslist, of het concept is intussen "
                "gepubliceerd. Er is niets vastgelegd."
            )
        )
    if not ReviewRequest.objects.waiting_for(user).filter(pk=request.pk).exists():
        raise ValidationError(_("Dit verzoek is niet aan jou gericht."))
    if user.pk in concept_authors(version):
        raise ValidationError(
            _(
                "Je hebt zelf aan dit concept gewerkt. Een ander moet het "
                "beoordelen (vier ogen)."
            )
        )
    current = content_sha256(version)
    if (seen_sha256 or request.content_sha256) != current:
        raise ValidationError(
            _(
                "Het concept is gewijzigd nadat je het opende. Er is niets "
                "vastgelegd: lees de nieuwe tekst hieronder en beslis opnieuw."
            )
        )
    if decision not in (Decision.APPROVE, Decision.RETURN):
        raise ValidationError({"decision": _("Kies goedkeuren of terugsturen.")})
    if decision == Decision.RETURN and not comment.strip():
        raise ValidationError(
            {
                "comment": _(
                    "Schrijf erbij wat er anders moet; de schrijver "
                    "krijgt je opmerking per e-mail."
                )
            }
        )
    return current


def concept_text_replace(*, version: GuidelineVersion, body: str, user) -> None:
    """Replace a concept's text (a Word file read in). Its questions stay;
    an approval of the old text no longer counts (the hash changed)."""
    with transaction.atomic():
        version = GuidelineVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_concept:
            raise ValidationError(
                _("Dit concept is intussen gepubliceerd; er is niets vervangen.")
            )
        version.body = normalise_text(body)
        version.full_clean()
        version.save(update_fields=["body"])
