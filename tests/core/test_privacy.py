from __future__ import annotations

import time

import pytest

from core.privacy import Finding, elfproef, find_personal_data, mask


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Haar BSN is 111222333, zei ze.", "bsn", "111222333"),
        ("bsn 123.456.782 staat erin", "bsn", "123.456.782"),
        ("bsn 123 456 782 staat erin", "bsn", "123 456 782"),
        ("BSN 1234 56 782", "bsn", "1234 56 782"),
        ("BSN 12345672 (zonder voorloopnul)", "bsn", "12345672"),
        ("bel 06-12345678", "telefoon", "06-12345678"),
        ("bel 06 1234 5678 na vijven", "telefoon", "06 1234 5678"),
        ("bel 0612345678.", "telefoon", "0612345678"),
        ("bel 06 - 1234 5678", "telefoon", "06 - 1234 5678"),
        ("app +31 6 12345678", "telefoon", "+31 6 12345678"),
        ("app +31612345678", "telefoon", "+31612345678"),
        ("app +31 (0)6 12345678", "telefoon", "+31 (0)6 12345678"),
        ("app 0031 6 12345678", "telefoon", "0031 6 12345678"),
        ("app 0031612345678", "telefoon", "0031612345678"),
        ("kantoor 020-1234567", "telefoon", "020-1234567"),
        ("kantoor 010 123 4567", "telefoon", "010 123 4567"),
        ("kantoor (020) 123 45 67", "telefoon", "(020) 123 45 67"),
        ("mail naar jan.jansen@example.com.", "email", "jan.jansen@example.com"),
        (
            "mail J.de-Vries+pleeg@sterk-huis.nl",
            "email",
            "J.de-Vries+pleeg@sterk-huis.nl",
        ),
        ("geboren op 12-03-2015", "geboortedatum", "12-03-2015"),
        ("geb. 3 maart 2015", "geboortedatum", "3 maart 2015"),
        ("datum 12/3/2015", "geboortedatum", "12/3/2015"),
        ("datum 12.03.2015", "geboortedatum", "12.03.2015"),
        ("datum 03-03-15", "geboortedatum", "03-03-15"),
        ("1 okt. 2012", "geboortedatum", "1 okt. 2012"),
        ("14 Sept 2009", "geboortedatum", "14 Sept 2009"),
        # Short forms count only right after "geboren (op)" / "geb.".
        ("geb. 3.3.15", "geboortedatum", "3.3.15"),
        ("Geboortedatum: 3-3-87", "geboortedatum", "3-3-87"),
    ],
)
def test_finds_likely_client_data(text, kind, found):
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "bel ons op werkdagen",
        "Rekening NL91ABNA0417164300",
        "Rekening NL91 ABNA 0417 1643 00",
        "Een subsidie van € 1.250.000 voor pleegzorg",
        "Het kost € 1.250,00 per maand",
        "Nummer 123456789 (geen geldig BSN)",
        "Nummer 000000000",
        "versie 2.3.1 van de app",
        "versie 2.3.10 van de app",
        "om 14.30 uur op het journaal",
        "https://www.facebook.com/groups/123456789/",
        "https://example.nl/bericht?id=111222333",
        "zie facebook.com/groups/111222333 voor de reacties",
        "In 2024 groeide pleegzorg",
        "op 12-03-2099 gepland",
        "31-02-2015 bestaat niet",
        "1 januari 1899 was lang geleden",
        "kenmerk 1111222333 en ref-111222333 en #111222333",
        "6-3-15 kan ook een versie zijn",
    ],
)
def test_no_false_alarm(text):
    assert find_personal_data(text) == []


def test_elfproef():
    assert elfproef("111222333")
    assert elfproef("123456782")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert not elfproef("00000000")
    assert elfproef("12345672")  # eight digits: a leading zero left out
    assert not elfproef("12345673")


def test_a_bsn_inside_a_longer_number_is_not_a_bsn():
    # 111222333 passes the elfproef, but not as part of these runs.
    assert find_personal_data("1111222333 en 1112223334 en 111222333,50") == []


def test_a_phone_number_is_not_also_reported_as_bsn():
    # The last nine digits, 612345671, pass the elfproef on their own.
    assert elfproef("612345671")
    found = find_personal_data("bel +31 612345671")
    assert [f.kind for f in found] == ["telefoon"]


def test_a_date_followed_by_a_number_is_no_phone_number():
    found = find_personal_data("op 01-02-2015 12 kinderen")
    assert [(f.kind, f.text) for f in found] == [("geboortedatum", "01-02-2015")]


def test_findings_are_unique_and_in_order_across_texts():
    found = find_personal_data(
        "Titel met jan@example.com", "bel 06-12345678 of mail JAN@example.com"
    )
    assert [(f.kind, f.text) for f in found] == [
        ("email", "jan@example.com"),
        ("telefoon", "06-12345678"),
    ]


def test_one_number_written_three_ways_is_one_finding():
    found = find_personal_data("0612345678, 06-12345678 of +31 6 12345678")
    assert [(f.kind, f.text) for f in found] == [("telefoon", "0612345678")]


def test_several_kinds_in_order_of_appearance_with_labels():
    found = find_personal_data(
        "Moeder (j.jansen@example.com, 06-12345678) van kind met BSN 111222333, "
        "geboren op 3 maart 2015."
    )
    assert found == [
        Finding("email", "j.jansen@example.com", "e-mailadres"),
        Finding("telefoon", "06-12345678", "telefoonnummer"),
        Finding("bsn", "111222333", "BSN-nummer"),
        Finding("geboortedatum", "3 maart 2015", "geboortedatum"),
    ]


@pytest.mark.parametrize(
    "text",
    ["06-" * 20_000, "1." * 30_000, "a." * 30_000 + "@", "12-12-12 " * 6_000],
    ids=["dashes", "dots", "almost-email", "many-dates"],
)
def test_long_texts_take_linear_time(text):
    # Each of these took minutes when a pattern rescanned from every position.
    started = time.perf_counter()
    find_personal_data(text)
    assert time.perf_counter() - started < 3


def test_empty_texts_are_fine():
    assert find_personal_data() == []
    assert find_personal_data("", "   ") == []


def test_masking_does_not_repeat_the_data():
    assert mask("111222333") == "11*****33"
    assert mask("jan@example.com") == "j***@example.com"
    assert mask("06") == "**"
    for finding in find_personal_data("BSN 111222333, tel. 06-12345678"):
        assert finding.text not in finding.masked
        assert len(finding.masked) == len(finding.text)
