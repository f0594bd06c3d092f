"""What the publish page shows before an editor confirms: who a new version
asks to sign, and the redline against the version in force."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from policy.diff import redline
from policy.models import Guideline, GuidelineVersion, Signature
from policy.questions import signed_html
from policy.rendering import render_markdown


@dataclass(frozen=True)
class PublishEffect:
    audience: int  # must sign the richtlijn
    signed: int  # have a signature that counts for the version in force

    @property
    def unsigned(self) -> int:
        return self.audience - self.signed


def publish_effect(
    guideline: Guideline, in_force: GuidelineVersion | None
) -> PublishEffect:
    """The audience and who of them signed the version in force, counted by
    the one rule (`Guideline.audience`, `Signature.objects.counting_for`) in
    one query.

    A material version asks all of `audience` to sign (again); a minor one
    lets `signed` keep their signature.
    """
    if in_force is None:
        return PublishEffect(audience=guideline.audience().count(), signed=0)
    counting = Signature.objects.counting_for(in_force)
    totals = guideline.audience().aggregate(
        audience=Count("pk"),
        signed=Count("pk", filter=Exists(counting.filter(user=OuterRef("pk")))),
    )
    return PublishEffect(audience=totals["audience"], signed=totals["signed"])


def concept_redline(concept: GuidelineVersion, in_force: GuidelineVersion | None):
    """The concept's rendered text and questions against the version in
    force, as on the portal's compare page."""
    new_html = signed_html(render_markdown(concept.body).html, concept.questions.all())
    old_html = (
        signed_html(in_force.body_html, in_force.questions.all()) if in_force else ""
    )
    return redline(old_html, new_html)
