"""Whether the signatures still prove what they say: every signature's hash
recomputed against the frozen version it points at (`verify_evidence`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch

from policy.models import GuidelineVersion, ScenarioQuestion, Signature
from policy.questions import version_sha256


@dataclass
class Mismatch:
    what: str
    pk: int
    stored: str
    computed: str


def evidence_mismatches() -> Iterator[Mismatch]:
    """Versions whose stored hash no longer matches their text and questions,
    and signatures whose hash does not match the version they point at. A
    query per version, whatever the number of signatures."""
    versions = (
        GuidelineVersion.objects.exclude(body_sha256="")
        .select_related("guideline")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=ScenarioQuestion.objects.order_by("position", "pk"),
            )
        )
        .order_by("pk")
    )
    for version in versions:
        computed = version_sha256(version.body, version.questions.all())
        if computed != version.body_sha256:
            yield Mismatch("version", version.pk, version.body_sha256, computed)
        wrong = (
            Signature.objects.filter(version=version)
            .exclude(text_sha256=computed)
            .order_by("pk")
            .values_list("pk", "text_sha256")
        )
        for pk, stored in wrong.iterator(chunk_size=2000):
            yield Mismatch("signature", pk, stored, computed)
