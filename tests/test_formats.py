"""Dates read the same everywhere, and each language is named in its own words."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.reporting.factories import make_signal

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 12, 1, 19, 54, tzinfo=datetime.UTC)  # 20:54 here


@pytest.mark.parametrize(
    ("language", "text"), [("nl", "1 december 2026"), ("en", "1 December 2026")]
)
def test_one_shape_for_dates_in_both_languages(language, text):
    with translation.override(language):
        local = timezone.localtime(MOMENT)
        assert date_format(local.date(), "DATE_FORMAT") == text
        assert date_format(local, "SHORT_DATETIME_FORMAT") == "01-12-2026 20:54"
        assert date_format(local, "DATETIME_FORMAT") == "01-12-2026 20:54"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_language_menu_names_each_language_in_its_own_words(
    medewerker_client, language
):
    medewerker_client.cookies["django_language"] = language
    page = medewerker_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).text
    assert '<option value="nl" lang="nl"' in page
    assert ">Nederlands</option>" in page and ">English</option>" in page


def test_admin_tables_show_day_month_year_and_time(pr_client, medewerker):
    signal = make_signal(medewerker)
    signal.created_at = MOMENT
    signal.save()
    page = pr_client.get(reverse("admin:reporting_signal_changelist")).text
    assert "01-12-2026 20:54" in page


def test_a_remembered_date_still_follows_the_language():
    from core.templatetags.dates import text_date

    day = datetime.date(2026, 12, 1)
    for _round in range(2):  # the second round reads what the first kept
        with translation.override("nl"):
            assert text_date(day) == "1 december 2026"
        with translation.override("en"):
            assert text_date(day) == "1 December 2026"
    assert text_date(None) == ""
    with translation.override("nl"):  # a moment: its day here, not in UTC
        late = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
        assert text_date(late) == "1 december 2026"


def test_a_remembered_address_follows_the_sites_prefix():
    from django.urls import set_script_prefix

    from core.addresses import remembered_reverse

    assert remembered_reverse("policy:detail", "social-media") == (
        "/richtlijnen/social-media/"
    )
    try:
        set_script_prefix("/portaal/")
        assert remembered_reverse("policy:detail", "social-media") == (
            "/portaal/richtlijnen/social-media/"
        )
    finally:
        set_script_prefix("/")
