"""What the publish page shows before an editor confirms: who a new version
asks to sign, and the redline against the version in force."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from policy.diff import redline
from policy.models import Guideline, GuidelineVersion, Signature
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
    """Count the audience and who of them signed the version in force, with
    the policy's own rules (`Guideline.audience`, `Signature.counting_for`),
    in one query.

    A material version asks all of `audience` to sign (again); a minor one
    lets `signed` keep their signature.
    """
    audience = guideline.audience()
    if in_force is None:
        return PublishEffect(audience=audience.count(), signed=0)
    counting = Signature.objects.counting_for(in_force).filter(user=OuterRef("pk"))
    figures = audience.aggregate(
        total=Count("pk"), signed=Count("pk", filter=Q(Exists(counting)))
    )
    return PublishEffect(audience=figures["total"], signed=figures["signed"])


def concept_redline(concept: GuidelineVersion, in_force: GuidelineVersion | None):
    """The concept's rendered text against the version in force, as on the
    portal's compare page."""
    new_html = render_markdown(concept.body).html
    return redline(in_force.body_html if in_force else "", new_html)
