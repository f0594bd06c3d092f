"""Four eyes before publishing (vrijgave): Beleid asks, a reviewer approves
exactly this text and these questions, and only then can it be published."""

from __future__ import annotations

import csv
import io
import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from audit.models import AuditEvent
from policy.approval import (
    Decision,
    ImmutableDecisionError,
    ReviewDecision,
    ReviewRequest,
    ReviewStatus,
    content_sha256,
)
from policy.audit_events import PolicyAction
from policy.models import GuidelineVersion, VersionStatus
from policy.services import (
    review_decide,
    review_request,
    signature_create,
    version_create_draft,
    version_publish,
)
from tests.helpers import TOTP_SECRET, totp_code

pytestmark = pytest.mark.django_db

TEXT = "## Inleiding\n\nGebruik je gezond verstand.\n\n## Privacy\n\nNooit namen.\n"
QUESTION = {
    "situation": "Mag je een foto van een pleegkind plaatsen?",
    "option_1": "Ja",
    "option_2": "Nee",
    "correct": 2,
    "explanation": "Nooit herkenbaar.",
    "principle": "privacy",
}


@pytest.fixture
def concept(publish, beleid):
    first = publish(body=TEXT, title="Richtlijnen social media")
    draft = version_create_draft(guideline=first.guideline, user=beleid)
    draft.body = TEXT + "\nEen nieuwe zin.\n"
    draft.save()
    draft.questions.create(position=0, **QUESTION)
    return draft


def _change_url(version) -> str:
    return reverse("admin:policy_guidelineversion_change", args=[version.pk])


def _publish_url(version) -> str:
    return reverse("admin:policy_guidelineversion_publish", args=[version.pk])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ask(beleid_client, concept, **data):
    url = reverse("admin:policy_guidelineversion_review_request", args=[concept.pk])
    return beleid_client.post(url, data)


def _hash_on(page: str) -> str:
    return re.search(r'name="content_sha256" value="([0-9a-f]{64})"', page)[1]


def test_the_whole_round_ask_approve_publish(
    beleid_client, beleid, concept, kwaliteit, django_capture_on_commit_callbacks
):
    page = beleid_client.get(_change_url(concept)).text
    assert 'id="review-request-form"' in page
    assert "nog niet goedgekeurd" in page

    refused = beleid_client.post(
        _publish_url(concept), {"is_minor": "0", "change_summary": "Zin erbij."}
    )
    assert refused.status_code == HTTPStatus.OK
    assert "nog niet goedgekeurd" in refused.text
    concept.refresh_from_db()
    assert concept.is_concept

    group = Group.objects.get(name=roles.KWALITEIT)
    with django_capture_on_commit_callbacks(execute=True):
        asked = _ask(beleid_client, concept, group=group.pk, note="Graag voor vrijdag.")
    assert asked.status_code == HTTPStatus.FOUND
    request = ReviewRequest.objects.get(version=concept)
    assert request.status == ReviewStatus.OPEN
    assert [m.to for m in mail.outbox] == [[kwaliteit.email]]
    assert "/beoordelen/" in mail.outbox[0].body

    reviewer = _client(kwaliteit)
    listing = reviewer.get("/beoordelen/")
    assert listing.status_code == HTTPStatus.OK
    detail_url = f"/beoordelen/{request.pk}/"
    assert f'href="{detail_url}"' in listing.text
    detail = reviewer.get(detail_url).text
    assert detail.count('id="approve-form"') == 1
    title = detail.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Beoordelen: ") and "<" not in title
    assert 'name="decision"' in detail and 'name="comment"' in detail
    assert "Mag je een foto van een pleegkind plaatsen?" in detail  # the questions

    done = reviewer.post(
        detail_url,
        {"decision": "approve", "comment": "", "content_sha256": _hash_on(detail)},
    )
    assert done.status_code == HTTPStatus.FOUND
    approval = ReviewDecision.objects.get(version=concept)
    assert approval.decision == Decision.APPROVE
    assert approval.decided_by == kwaliteit
    assert approval.content_sha256 == content_sha256(concept)
    assert AuditEvent.objects.filter(
        action=PolicyAction.VERSION_APPROVED, actor=kwaliteit
    ).exists()
    assert "Goedgekeurd door Kim Koster" in beleid_client.get(_change_url(concept)).text

    published = beleid_client.post(
        _publish_url(concept), {"is_minor": "0", "change_summary": "Zin erbij."}
    )
    assert published.status_code == HTTPStatus.FOUND
    concept.refresh_from_db()
    assert concept.status == VersionStatus.PUBLISHED
    assert concept.body_sha256 == approval.content_sha256
    event = AuditEvent.objects.get(action=PolicyAction.VERSION_PUBLISHED, actor=beleid)
    assert event.details["approved_by"] == kwaliteit.email

    version_page = beleid_client.get("/richtlijnen/social-media/versies/2/").text
    assert "Goedgekeurd door Kim Koster op" in version_page
    history = beleid_client.get("/richtlijnen/social-media/versies/").text
    assert "Goedgekeurd door Kim Koster op" in history
    # Version 1 came in through the operator's import, and says so.
    assert "Zonder vrijgave in het portaal" in history


def test_returning_mails_the_comment_to_the_author(
    beleid, concept, kwaliteit, django_capture_on_commit_callbacks
):
    request = review_request(version=concept, user=beleid, reviewer=kwaliteit)
    reviewer = _client(kwaliteit)
    url = f"/beoordelen/{request.pk}/"

    empty = reviewer.post(url, {"decision": "return", "comment": ""})
    assert empty.status_code == HTTPStatus.OK
    assert "Schrijf erbij wat er anders moet" in empty.text
    assert not ReviewDecision.objects.filter(version=concept).exists()

    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(url, {"decision": "return", "comment": "Principe 6 ontbreekt."})
    assert ReviewDecision.objects.get(version=concept).decision == Decision.RETURN
    returned = [m for m in mail.outbox if m.to == [beleid.email]]
    assert len(returned) == 1
    assert "Principe 6 ontbreekt." in returned[0].body
    assert "Teruggestuurd" in returned[0].subject
    with pytest.raises(ValidationError, match="teruggestuurd"):
        version_publish(version=concept, user=beleid, change_summary="Zin erbij.")


def test_any_edit_after_approval_voids_it(beleid_client, concept, approve):
    approve(concept)
    data = {
        "body": concept.body + "\nNog een zin.\n",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "_continue": "1",
    }
    question = concept.questions.get()
    for field, value in QUESTION.items():
        data[f"questions-0-{field}"] = value
    data["questions-0-id"] = question.pk
    data["questions-0-version"] = concept.pk
    data["questions-0-position"] = 0
    response = beleid_client.post(_change_url(concept), data, follow=True)
    assert "is vervallen door deze wijziging" in response.text

    refused = beleid_client.post(
        _publish_url(concept), {"is_minor": "0", "change_summary": "Zin erbij."}
    )
    assert "is vervallen" in refused.text
    concept.refresh_from_db()
    assert concept.is_concept


def test_changing_only_a_question_voids_the_approval(beleid, concept, approve):
    approve(concept)
    concept.questions.update(explanation="Anders uitgelegd.")
    with pytest.raises(ValidationError, match="vragen zijn daarna gewijzigd"):
        version_publish(version=concept, user=beleid, change_summary="Zin erbij.")


def test_approving_a_concept_that_changed_meanwhile_is_refused(
    beleid, concept, kwaliteit
):
    request = review_request(version=concept, user=beleid, reviewer=kwaliteit)
    reviewer = _client(kwaliteit)
    url = f"/beoordelen/{request.pk}/"
    seen = _hash_on(reviewer.get(url).text)
    concept.body += "\nIntussen gewijzigd.\n"
    concept.save()

    response = reviewer.post(
        url, {"decision": "approve", "comment": "", "content_sha256": seen}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Het concept is gewijzigd nadat je het opende" in response.text
    assert "Intussen gewijzigd." in response.text  # the new text is shown
    assert not ReviewDecision.objects.filter(version=concept).exists()
    # Without the page's hash the text at the time of asking counts.
    with pytest.raises(ValidationError, match="gewijzigd nadat je het opende"):
        review_decide(request=request, user=kwaliteit, decision="approve")
    # Approving what is on screen now works.
    assert _hash_on(response.text) == content_sha256(concept)


def test_a_reviewer_cannot_approve_their_own_text(
    beleid, concept, user_factory, kwaliteit
):
    # Beleid may review a colleague's concept, never their own.
    with pytest.raises(ValidationError, match="zelf aan dit concept gewerkt"):
        review_request(version=concept, user=beleid, reviewer=beleid)
    colleague = user_factory(groups=[roles.BELEID], is_staff=True)
    request = review_request(
        version=concept,
        user=colleague,
        group=Group.objects.get(name=roles.BELEID),
    )
    # The author (who started the concept) is in the group, but it is not
    # theirs to decide; the colleague who asked is an author too now.
    author = _client(beleid)
    assert f"/beoordelen/{request.pk}/" not in author.get("/beoordelen/").text
    assert author.get(f"/beoordelen/{request.pk}/").status_code == 404
    for who in (beleid, colleague):
        with pytest.raises(ValidationError):
            review_decide(request=request, user=who, decision="approve")
    assert not ReviewDecision.objects.filter(version=concept).exists()
    # Someone who edited it in the admin is an author as well.
    editor = user_factory(groups=[roles.KWALITEIT], is_staff=True)
    from django.contrib.admin.models import CHANGE, LogEntry

    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=[concept], action_flag=CHANGE, single_object=True
    )
    with pytest.raises(ValidationError, match="zelf aan dit concept gewerkt"):
        review_request(version=concept, user=colleague, reviewer=editor)
    request = review_request(
        version=concept,
        user=colleague,
        group=Group.objects.get(name=roles.KWALITEIT),
    )
    with pytest.raises(ValidationError, match="zelf aan dit concept gewerkt"):
        review_decide(request=request, user=editor, decision="approve")
    review_decide(request=request, user=kwaliteit, decision="approve")


def test_decisions_are_evidence(beleid, concept, approve):
    decision = approve(concept)
    decision.comment = "Achteraf anders"
    with pytest.raises(ImmutableDecisionError):
        decision.save()
    with pytest.raises(ImmutableDecisionError):
        decision.delete()
    with pytest.raises(ImmutableDecisionError):
        ReviewDecision.objects.update(comment="x")


def test_who_sees_the_review_pages(client, medewerker, beleid, concept, kwaliteit):
    request = review_request(version=concept, user=beleid, reviewer=kwaliteit)
    client.force_login(medewerker)
    assert client.get("/beoordelen/").status_code == HTTPStatus.FORBIDDEN
    assert client.get(f"/beoordelen/{request.pk}/").status_code == HTTPStatus.FORBIDDEN
    privacy = Client()
    officer = beleid.__class__.objects.create_user(
        email="fg@sterkhuis.test", password="x"
    )
    officer.groups.add(Group.objects.get(name=roles.PRIVACY))
    privacy.force_login(officer)
    # A reviewer, but this one was asked of someone else.
    assert privacy.get("/beoordelen/").status_code == HTTPStatus.OK
    assert privacy.get(f"/beoordelen/{request.pk}/").status_code == 404


@pytest.mark.slow
def test_the_review_list_costs_the_same_for_many_concepts(
    publish, beleid, kwaliteit, django_assert_max_num_queries
):
    for n in range(40):
        first = publish(f"richtlijn-{n}", body=TEXT, title=f"Richtlijn {n}")
        draft = version_create_draft(guideline=first.guideline, user=beleid)
        review_request(
            version=draft, user=beleid, group=Group.objects.get(name=roles.KWALITEIT)
        )
    reviewer = _client(kwaliteit)
    with django_assert_max_num_queries(12):
        page = reviewer.get("/beoordelen/")
    assert len(re.findall(r'href="/beoordelen/\d+/"', page.text)) == 40


def test_signature_exports_name_the_approver(
    beleid, concept, approve_and_publish, medewerker, kwaliteit
):
    version = approve_and_publish(concept, user=beleid, change_summary="Zin erbij.")
    signature_create(user=medewerker, version=version)
    response = _client(beleid).get(
        f"/richtlijnen/social-media/versies/{version.number}/handtekeningen.csv"
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-2:] == ["goedgekeurd door", "goedgekeurd op"]
    mine = next(r for r in rows if r[0] == medewerker.email)
    assert mine[-2] == "Kim Koster"
    xlsx = _client(beleid).get(
        f"/richtlijnen/social-media/versies/{version.number}/handtekeningen.xlsx"
    )
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    about = dict(book["Over deze export"].iter_rows(values_only=True))
    assert about["Vrijgave"].startswith("goedgekeurd door Kim Koster op")


def test_demo_content_is_published_with_the_quality_officers_approval():
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    for version in GuidelineVersion.objects.filter(status=VersionStatus.PUBLISHED):
        approval = ReviewDecision.objects.get(version=version)
        assert approval.decided_by.email == "kwaliteit@sterkhuis.test"
        assert approval.content_sha256 == version.body_sha256
    client = Client()
    client.post(
        "/accounts/login/",
        {"login": "kwaliteit@sterkhuis.test", "password": "sterkhuis-demo"},
    )
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert client.get("/admin/").status_code == HTTPStatus.OK
    assert client.get("/beoordelen/").status_code == HTTPStatus.OK
    page = client.get("/richtlijnen/social-media/versies/1/").text
    assert "Goedgekeurd door" in page


def test_the_review_pages_speak_english_after_choosing_it(
    settings, beleid, concept, kwaliteit
):
    request = review_request(version=concept, user=beleid, reviewer=kwaliteit)
    reviewer = _client(kwaliteit)
    reviewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = reviewer.get("/beoordelen/").text
    assert "Drafts to review" in listing and ">Review<" in listing
    detail = reviewer.get(f"/beoordelen/{request.pk}/").text
    assert "Approve: this text and these questions may be published" in detail
    assert "Record decision" in detail
    assert "Besluit vastleggen" not in detail
    refused = reviewer.post(f"/beoordelen/{request.pk}/", {"decision": "return"})
    assert "Say what must change" in refused.text


def test_asking_without_a_choice_asks_the_quality_officers(beleid_client, concept):
    page = beleid_client.get(_change_url(concept)).text
    kwaliteit = Group.objects.get(name=roles.KWALITEIT)
    assert f'<option value="{kwaliteit.pk}" selected>' in page
    _ask(beleid_client, concept)
    assert ReviewRequest.objects.get(version=concept).reviewer_group == kwaliteit


def test_a_person_chosen_is_asked_rather_than_the_group(
    beleid_client, concept, kwaliteit
):
    group = Group.objects.get(name=roles.PRIVACY)
    _ask(beleid_client, concept, reviewer=kwaliteit.pk, group=group.pk)
    request = ReviewRequest.objects.get(version=concept)
    assert (request.reviewer, request.reviewer_group) == (kwaliteit, None)


def test_decisions_are_listed_read_only_in_the_admin(beleid_client, concept, approve):
    decision = approve(concept)
    listing = beleid_client.get("/admin/policy/reviewdecision/")
    assert listing.status_code == HTTPStatus.OK
    assert decision.content_sha256 in listing.text
    page = beleid_client.get(f"/admin/policy/reviewdecision/{decision.pk}/change/")
    assert page.status_code == HTTPStatus.OK
    assert 'name="comment"' not in page.text  # shown, not editable
