from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from policy.models import (
    Guideline,
    GuidelineVersion,
    ImmutableRecordError,
    Signature,
    VersionStatus,
)
from policy.services import guideline_withdraw, version_create_draft, version_publish

pytestmark = pytest.mark.django_db


def test_first_publication_numbers_renders_and_hashes(publish):
    version = publish(body="## Titel\n\nTekst met <script>alert(1)</script>.\n")

    assert version.number == 1
    assert version.status == VersionStatus.PUBLISHED
    assert version.signatures_from_number == 1
    assert len(version.body_sha256) == 64
    assert 'id="titel"' in version.body_html
    assert "<script" not in version.body_html
    assert version.signing_deadline == version.effective_date + datetime.timedelta(
        days=14
    )


def test_version_in_force_is_newest_whose_date_has_come(publish):
    first = publish()
    with time_machine.travel(datetime.date(2030, 1, 10)):
        future = publish(
            body="## Nieuw\n", summary="Nieuw", effective_date=datetime.date(2030, 3, 1)
        )
        guideline = first.guideline
        assert guideline.version_in_force() == first
    with time_machine.travel(datetime.date(2030, 2, 28)):
        assert guideline.version_in_force() == first
        assert list(GuidelineVersion.objects.in_force()) == [first]
    with time_machine.travel(datetime.date(2030, 3, 1)):
        assert guideline.version_in_force() == future
        assert list(GuidelineVersion.objects.in_force()) == [future]


def test_summary_required_from_version_two(publish):
    first = publish()
    draft = GuidelineVersion.objects.create(guideline=first.guideline, body="x")
    with pytest.raises(ValidationError) as excinfo:
        version_publish(version=draft, user=None, change_summary="  ")
    assert "change_summary" in excinfo.value.message_dict
    draft.refresh_from_db()
    assert draft.status == VersionStatus.CONCEPT and draft.number is None


def test_first_version_cannot_be_minor(db):
    guideline = Guideline.objects.create(slug="x", title="X")
    draft = GuidelineVersion.objects.create(guideline=guideline, body="tekst")
    with pytest.raises(ValidationError) as excinfo:
        version_publish(version=draft, user=None, is_minor=True)
    assert "is_minor" in excinfo.value.message_dict


def test_effective_date_in_the_past_is_refused(publish, db):
    guideline = Guideline.objects.create(slug="x", title="X")
    draft = GuidelineVersion.objects.create(guideline=guideline, body="tekst")
    with pytest.raises(ValidationError):
        version_publish(
            version=draft, user=None, effective_date=datetime.date(2000, 1, 1)
        )


def test_draft_starts_from_latest_published_text(publish, beleid):
    first = publish(body="## Oud\n\nDe tekst.\n")
    draft = version_create_draft(guideline=first.guideline, user=beleid)
    assert draft.body == first.body
    assert draft.status == VersionStatus.CONCEPT
    assert draft.number is None
    assert draft.created_by == beleid


def test_published_version_cannot_be_edited_through_the_orm(publish):
    version = publish()
    version.body = "Iets anders"
    with pytest.raises(ImmutableRecordError):
        version.save()
    with pytest.raises(ImmutableRecordError):
        GuidelineVersion.objects.filter(pk=version.pk).update(body="Iets anders")
    with pytest.raises(ImmutableRecordError):
        GuidelineVersion.objects.filter(pk=version.pk).update(
            effective_date=datetime.date(2031, 1, 1)
        )
    with pytest.raises(ImmutableRecordError):
        GuidelineVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.CONCEPT
        )
    version.refresh_from_db()
    assert version.body.startswith("## Inleiding")


def test_published_version_cannot_be_deleted(publish):
    version = publish()
    with pytest.raises(ImmutableRecordError):
        version.delete()
    with pytest.raises(ImmutableRecordError):
        GuidelineVersion.objects.filter(pk=version.pk).delete()
    assert GuidelineVersion.objects.filter(pk=version.pk).exists()


def test_concepts_can_be_edited_and_deleted(db):
    guideline = Guideline.objects.create(slug="x", title="X")
    draft = GuidelineVersion.objects.create(guideline=guideline, body="a")
    draft.body = "b"
    draft.save()
    draft.delete()
    assert not GuidelineVersion.objects.exists()


def test_signature_cannot_be_changed_or_deleted(publish, medewerker):
    version = publish()
    signature = Signature.objects.create(
        user=medewerker, version=version, text_sha256=version.body_sha256
    )
    signature.text_sha256 = "0" * 64
    with pytest.raises(ImmutableRecordError):
        signature.save()
    with pytest.raises(ImmutableRecordError):
        signature.delete()
    with pytest.raises(ImmutableRecordError):
        Signature.objects.all().delete()
    with pytest.raises(ImmutableRecordError):
        Signature.objects.update(text_sha256="0" * 64)
    signature.refresh_from_db()
    assert signature.text_sha256 == version.body_sha256


def test_withdraw_ends_the_version_in_force_but_keeps_history(publish, beleid):
    first = publish()
    publish(body="## Twee\n", summary="Twee")
    guideline = first.guideline

    assert guideline_withdraw(guideline=guideline, user=beleid) == 2

    assert guideline.version_in_force() is None
    assert set(guideline.versions.values_list("status", flat=True)) == {
        VersionStatus.WITHDRAWN
    }
    assert guideline.versions.visible().count() == 2
    first.refresh_from_db()
    assert first.body.startswith("## Inleiding")


def test_numbers_keep_counting_after_withdrawal(publish, beleid):
    first = publish()
    guideline_withdraw(guideline=first.guideline, user=beleid)
    again = publish(body="## Opnieuw\n", summary="Opnieuw ingevoerd")
    assert again.number == 2
    assert again.signatures_from_number == 2
