"""The analyser search uses on both databases: Dutch as people type it."""

from __future__ import annotations

from guidance.analysis import Lexicon, analyse, fold, query_terms, stem, tokens


def _all(text: str, lexicon: Lexicon | None = None) -> set[str]:
    analysed = analyse(text, lexicon)
    return set(analysed.terms.split()) | set(analysed.parts.split())


def test_folding_removes_case_accents_and_apostrophes():
    assert fold("Cliënten") == "clienten"
    assert fold("foto's") == fold("fotos") == "fotos"
    assert fold("PRIVÉ") == "prive"


def test_typed_without_diacritics_is_the_same_word():
    for written, typed in [
        ("cliënten", "clienten"),
        ("foto's", "fotos"),
        ("privé", "prive"),
        ("foto's", "foto"),
    ]:
        assert query_terms(written) == query_terms(typed), (written, typed)


def test_inflections_share_a_stem():
    assert stem("berichten") == stem("bericht")
    assert stem("pleegkinderen") == stem("pleegkind")
    assert stem("appen") == stem("app")
    assert stem("cliënten".replace("ë", "e")) == stem("client")


def test_verb_forms_meet_through_their_parts():
    assert stem("dreigende") in _all("bedreigend")
    assert _all("iemand dreigt") & _all("bedreigend materiaal")


def test_stop_words_are_dropped():
    terms = query_terms("mag ik een foto van een pleegkind plaatsen")
    # The question's own words first, then what its compounds give.
    assert terms[:3] == [stem("foto"), stem("pleegkind"), stem("plaatsen")]
    assert {"pleeg", "kind"} <= set(terms)
    assert not {"mag", "ik", "een", "van"} & set(terms)
    assert query_terms("de het een") == []


def test_compounds_written_together_or_apart_meet():
    lexicon = Lexicon()
    lexicon.add(["privacy", "instellingen", "werk", "mail"])
    together, apart = (
        _all("privacyinstellingen", lexicon),
        _all("privacy instellingen", lexicon),
    )
    assert stem("privacyinstellingen") in apart
    assert {stem("privacy"), stem("instellingen")} <= together
    assert {"werk", "mail"} <= _all("werkmail", lexicon)
    assert stem("werkmail") in _all("werk mail", lexicon)
    assert stem("groep") in _all("groepsapp")
    assert stem("appgroep") in _all("app-groep")


def test_only_known_words_split_a_compound():
    lexicon = Lexicon(words=set())
    assert analyse("werkmail", lexicon).parts == ""
    assert analyse("werkmail").parts == "werk mail"


def test_tokens_keep_their_place_in_the_original_text():
    text = "Geen foto’s van cliënten!"
    found = tokens(text)
    assert [text[t.start : t.end] for t in found] == [
        "Geen",
        "foto’s",
        "van",
        "cliënten",
    ]
    assert [t.word for t in found] == ["geen", "fotos", "van", "clienten"]


def test_odd_input_gives_terms_or_nothing_never_an_error():
    for text in ["", "\x00", "😀😀", '"*NEAR(a b):-', "x" * 5000, "x²_y", "İstanbul"]:
        analysed = analyse(text)
        assert all(t.isalnum() and t.isascii() for t in analysed.terms.split())
