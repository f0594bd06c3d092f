from __future__ import annotations

import pytest

from reporting.privacy import elfproef, find_personal_data, mask


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Haar BSN is 111222333.", "bsn"),
        ("bsn 123.456.782 staat erin", "bsn"),
        ("BSN 1234 56 782", "bsn"),
        ("bel 06-12345678", "telefoon"),
        ("bel 06 1234 5678 na vijven", "telefoon"),
        ("+31 6 12345678", "telefoon"),
        ("0031612345678", "telefoon"),
        ("kantoor 020-1234567", "telefoon"),
        ("(020) 123 45 67", "telefoon"),
        ("mail naar jan.jansen@example.com", "email"),
        ("geboren op 12-03-2015", "geboortedatum"),
        ("geb. 3 maart 2015", "geboortedatum"),
        ("12/3/2015", "geboortedatum"),
        ("1 okt. 2012", "geboortedatum"),
    ],
)
def test_finds_likely_client_data(text, kind):
    assert [f.kind for f in find_personal_data(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "bel ons op werkdagen",
        "Rekening NL91ABNA0417164300",
        "Een subsidie van € 1.250.000 voor pleegzorg",
        "Nummer 123456789 (geen geldig BSN)",
        "versie 2.3.1 van de app",
        "om 14.30 uur op het journaal",
        "https://www.facebook.com/groups/123456789/",
        "In 2024 groeide pleegzorg",
        "op 12-03-2099 gepland",
        "31-02-2015 bestaat niet",
    ],
)
def test_no_false_alarm(text):
    assert find_personal_data(text) == []


def test_elfproef():
    assert elfproef("111222333")
    assert elfproef("123456782")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert elfproef("12345672")  # eight digits: a leading zero left out


def test_findings_are_unique_and_in_order_across_texts():
    found = find_personal_data(
        "Titel met jan@example.com", "bel 06-12345678 of mail jan@example.com"
    )
    assert [(f.kind, f.text) for f in found] == [
        ("email", "jan@example.com"),
        ("telefoon", "06-12345678"),
    ]


def test_masking_does_not_repeat_the_data():
    assert mask("111222333") == "11*****33"
    assert mask("jan@example.com") == "j***@example.com"
