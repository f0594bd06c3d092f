"""Two editors publishing one concept at the same moment: PostgreSQL's row
locks, and on SQLite the immediate transactions that make writers wait."""

from __future__ import annotations

import threading

from django.core.exceptions import ValidationError
from django.db import connection

from policy.models import GuidelineVersion, VersionStatus
from policy.services import version_create_draft, version_publish


def at_once(action, times: int = 2) -> None:
    """Run `action` in `times` threads released together, each with its own
    database connection."""
    barrier = threading.Barrier(times)

    def run():
        try:
            barrier.wait()
            action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_two_simultaneous_publishes_give_one_version(
    transactional_db, publish, beleid, approve
):
    first = publish(body="## Een\n\nTekst.\n")
    concept = version_create_draft(guideline=first.guideline, user=beleid)
    concept.body += "\nAnders.\n"
    concept.save()
    approve(concept)
    outcomes: list[str] = []

    def publish_now():
        try:
            version_publish(version=concept, user=beleid, change_summary="Anders.")
            outcomes.append("published")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))

    at_once(publish_now)

    assert sorted(outcomes)[1] == "published", outcomes
    assert "Alleen een concept" in sorted(outcomes)[0]
    published = GuidelineVersion.objects.filter(guideline=first.guideline).exclude(
        status=VersionStatus.CONCEPT
    )
    assert sorted(published.values_list("number", flat=True)) == [1, 2]


def test_two_simultaneous_new_draft_clicks_give_one_concept(
    transactional_db, publish, beleid
):
    first = publish(body="## Een\n\nTekst.\n")
    opened: list[int] = []
    at_once(
        lambda: opened.append(
            version_create_draft(guideline=first.guideline, user=beleid).pk
        )
    )

    assert len(opened) == 2 and opened[0] == opened[1]
    assert GuidelineVersion.objects.filter(status=VersionStatus.CONCEPT).count() == 1


def test_two_reviewers_deciding_at_once_give_one_decision(
    transactional_db, publish, beleid, user_factory
):
    from django.contrib.auth.models import Group

    from accounts import roles
    from policy.approval import ReviewDecision
    from policy.services import review_decide, review_request

    first = publish(body="## Een\n\nTekst.\n")
    concept = version_create_draft(guideline=first.guideline, user=beleid)
    concept.body += "\nAnders.\n"
    concept.save()
    request = review_request(
        version=concept, user=beleid, group=Group.objects.get(name=roles.KWALITEIT)
    )
    reviewers = iter(
        [user_factory(groups=[roles.KWALITEIT], is_staff=True) for _ in range(2)]
    )
    decisions = iter(["approve", "return"])
    lock = threading.Lock()
    outcomes: list[str] = []

    def decide():
        with lock:
            reviewer, decision = next(reviewers), next(decisions)
        try:
            review_decide(
                request=request, user=reviewer, decision=decision, comment="Zo niet."
            )
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))

    at_once(decide)

    assert outcomes.count("decided") == 1, outcomes
    assert any("al beslist" in outcome for outcome in outcomes), outcomes
    assert ReviewDecision.objects.filter(version=concept).count() == 1
