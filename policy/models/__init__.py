"""The richtlijnen's models, one module per subject; every name is imported
here, so callers keep writing `from policy.models import X`. In the order
they build on each other, the four-eyes models last as before."""

# isort: off
from policy.models.common import ImmutableRecordError, add_months, local_today
from policy.models.guidelines import (
    REVIEW_SOON,
    Guideline,
    GuidelineJobTitle,
    GuidelineQuerySet,
    audience_of_q,
    audience_q,
    partner_audience_q,
    visible_q,
)
from policy.models.signatures import (
    SignAttempt,
    Signature,
    SignatureQuerySet,
    counting_since,
    signature_runs_out,
)
from policy.models.versions import (
    FROZEN_FIELDS,
    MAX_BODY_LENGTH,
    GuidelineVersion,
    GuidelineVersionQuerySet,
    VersionStatus,
    version_in_force_for,
)
from policy.models.listing import ListedVersion, versions_in_force_for
from policy.models.reminders import ManagerDigest, PartnerDigest, Reminder
from policy.models.questions import (
    OPTION_FIELDS,
    Principle,
    PrincipleQuerySet,
    ScenarioQuestion,
    ScenarioQuestionQuerySet,
    Section,
    SectionQuerySet,
    normalise_question_text,
)
from policy.models.handbook import Chapter

# The four-eyes models live in their own module; imported here so Django
# registers them with the app.
from policy.approval import ReviewDecision, ReviewRequest

# isort: on

__all__ = [
    "FROZEN_FIELDS",
    "MAX_BODY_LENGTH",
    "OPTION_FIELDS",
    "REVIEW_SOON",
    "Chapter",
    "Guideline",
    "GuidelineJobTitle",
    "GuidelineQuerySet",
    "GuidelineVersion",
    "GuidelineVersionQuerySet",
    "ImmutableRecordError",
    "ListedVersion",
    "ManagerDigest",
    "PartnerDigest",
    "Principle",
    "PrincipleQuerySet",
    "Reminder",
    "ReviewDecision",
    "ReviewRequest",
    "ScenarioQuestion",
    "ScenarioQuestionQuerySet",
    "Section",
    "SectionQuerySet",
    "SignAttempt",
    "Signature",
    "SignatureQuerySet",
    "VersionStatus",
    "add_months",
    "audience_of_q",
    "audience_q",
    "counting_since",
    "local_today",
    "normalise_question_text",
    "partner_audience_q",
    "signature_runs_out",
    "version_in_force_for",
    "versions_in_force_for",
    "visible_q",
]
