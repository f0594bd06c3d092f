"""The prepared queries answer exactly what their querysets answer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from policy.models import (
    GuidelineVersion,
    version_in_force_for,
    versions_in_force_for,
)
from policy.services import signature_create

pytestmark = pytest.mark.django_db


def orm(user, today):
    return [
        (v.pk, v.guideline.title, v.user_signed_number, v.user_signed_at)
        for v in GuidelineVersion.objects.in_force(today)
        .with_signature_of(user)
        .select_related("guideline")
        .order_by("guideline__title")
    ]


def prepared(user, today):
    return [
        (v.pk, v.guideline.title, v.user_signed_number, v.user_signed_at)
        for v in versions_in_force_for(user, today)
    ]


def test_prepared_list_matches_the_queryset(user_factory, publish):
    alice, bob = user_factory(), user_factory()
    first = publish(slug="a", title="A")
    publish(slug="b", title="B")
    signature_create(user=alice, version=first)
    publish(slug="a", body="## Klein\n", minor=True)
    future = timezone.localdate() + datetime.timedelta(days=10)
    publish(slug="b", body="## Later\n", summary="Later", effective_date=future)

    for user in (alice, bob):
        for today in (timezone.localdate(), future):
            assert prepared(user, today) == orm(user, today)
            assert len(prepared(user, today)) == 2
    signed = {v.guideline.slug: v.is_signed for v in versions_in_force_for(alice)}
    assert signed == {"a": True, "b": False}


def test_prepared_detail_matches_the_queryset(user_factory, publish):
    user = user_factory()
    version = publish(slug="privacy", title="Privacy")
    signature_create(user=user, version=version)

    found = version_in_force_for(user, "privacy")
    assert found.pk == version.pk
    assert found.body_html == version.body_html
    assert found.guideline.title == "Privacy"
    assert found.is_signed
    assert version_in_force_for(user, "bestaat-niet") is None
