"""The one analyser for Dutch that search uses, at index time and at query
time, on SQLite and PostgreSQL alike: the databases only ever see the terms
made here, so both engines find the same things.

A word is folded (lower case, accents and apostrophes gone: "cliënten" and
"clienten", "foto's" and "fotos" are one word), stop words are dropped, and
the rest is stemmed with Snowball's Dutch stemmer. Compounds are found three
ways: two neighbouring words also count as the word they make together
("privacy instellingen" also gives "privacyinstellingen"), a long word also
counts as the parts it is made of when those parts are known words
("werkmail" also gives "werk" and "mail"), and a verb with a prefix also
counts without it ("bedreigend" also gives "dreigend")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

# Snowball's Dutch stop word list, and the words every question starts with.
STOP_WORDS = frozenset(
    """
    aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch
    doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem
    het hier hij hoe hun iemand iets ik in is ja je kan kon kunnen maar me meer
    men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op
    over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat
    we wel werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder
    zou mag mogen waar waarom wanneer welk welke hoeveel graag even eigenlijk
    """.split()
)

# Parts of compounds that Sterk Huis's texts are made of, besides the words
# the richtlijnen themselves contain (see `Lexicon`).
COMMON_PARTS = frozenset(
    """
    app bel beleid bericht bedrijf blog club dienst familie film foto gesprek
    groep huis info informatie instelling jeugd kanaal kind klacht kring leven
    mail media mening nieuws ouder pagina pers pleeg post privacy prive profiel
    recht regel school site sociaal tekst telefoon tijd verhaal video vraag
    werk zorg adres account naam nummer gegeven client medewerker email
    internet online whatsapp facebook instagram linkedin twitter youtube tiktok
    snapchat website
    """.split()
)

# Plurals in -eren that Snowball leaves apart from their singular.
IRREGULAR_PLURALS = {
    "kinderen": "kind",
    "eieren": "ei",
    "liederen": "lied",
    "bladeren": "blad",
    "volkeren": "volk",
    "goederen": "goed",
    "kalveren": "kalf",
}
VERB_PREFIXES = ("be", "ge", "ver", "ont", "her")
LINKS = ("", "s", "e", "en")
VOWELS = frozenset("aeiouy")
MIN_COMPOUND = 7  # shorter words are not split
MIN_PART = 3
MAX_WORD = 40  # longer "words" are noise; they are not split either

_STEMMER = snowballstemmer.stemmer("dutch")
_APOSTROPHES = re.compile(r"['’‘`´]")
_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


def fold(text: str) -> str:
    """Lower case without accents or apostrophes: what is compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", bare)


class Token(NamedTuple):
    """A word as it stands in a text: where, its folded form and its stem
    (None for a stop word)."""

    start: int
    end: int
    word: str
    stem: str | None


def tokens(text: str) -> list[Token]:
    """The words of `text` with their places in it, so that a passage can be
    cut and marked in the original text."""
    found = []
    for match in _TOKEN.finditer(text):
        # "snake_case" or "x²" fold into more than one part; each part is
        # marked as the whole word it came from.
        for part, term in _analysed_word(match.group(0)):
            found.append(Token(match.start(), match.end(), part, term))
    return found


@lru_cache(maxsize=65536)
def _analysed_word(word: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((part, stem(part)) for part in _WORD.findall(fold(word)))


@lru_cache(maxsize=65536)
def stem(word: str) -> str | None:
    """The term a folded word is indexed and searched by; None for stop words
    and single letters."""
    if word in STOP_WORDS or len(word) < 2:
        return None
    for plural, singular in IRREGULAR_PLURALS.items():
        if word.endswith(plural):
            word = word[: -len(plural)] + singular
            break
    else:
        # "fotos" (foto's typed without its apostrophe), "collegas", "autos".
        if (
            len(word) > 3
            and word[-1] == "s"
            and word[-2] in "aiouy"
            and word[-3] not in VOWELS
        ):
            word = word[:-1]
    term = _STEMMER.stemWord(word)
    # Snowball keeps "app" but makes "appen" "ap": one consonant for both.
    if len(term) > 2 and term[-1] == term[-2] and term[-1] not in VOWELS:
        term = term[:-1]
    return term


@dataclass
class Lexicon:
    """The words compounds may be split into: the common parts plus the words
    the indexed texts contain on their own."""

    words: set[str] = field(default_factory=lambda: set(COMMON_PARTS))

    def add(self, words: Iterable[str]) -> None:
        self.words.update(w for w in words if len(w) >= MIN_PART)

    def knows(self, word: str) -> bool:
        return word in self.words


def compound_parts(word: str, lexicon: Lexicon) -> list[str]:
    """The stems of the known words a long word is made of, with Dutch's
    linking letters ("groepsapp": groep + s + app), down to three parts
    ("pleegzorgmedewerkers": pleeg + zorg + medewerkers), and of the verb it
    may be without its prefix or ending."""
    if len(word) > MAX_WORD or not word.isalpha():
        return []
    parts = _splits(word, lexicon, depth=1)
    # A verb's "-t" ("dreigt", "werkt"), which Snowball leaves on; a part,
    # because nouns end in it too ("compliment").
    if len(word) > 4 and word[-1] == "t" and word[-2] not in VOWELS | {"t"}:
        bare = stem(word[:-1])
        if bare and bare != stem(word):
            parts.append(bare)
    for prefix in VERB_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 5:
            bare = stem(word[len(prefix) :])
            if bare:
                parts.append(bare)
    return parts


def _splits(word: str, lexicon: Lexicon, depth: int) -> list[str]:
    """Head + linking letters + tail, the head a known word and the tail a
    known word (or, `depth` times more, a compound of them)."""
    if len(word) < MIN_COMPOUND:
        return []
    parts: list[str] = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, rest = word[:cut], word[cut:]
        if not lexicon.knows(head):
            continue
        for link in LINKS:
            tail = rest[len(link) :]
            if not rest.startswith(link) or len(tail) < MIN_PART:
                continue
            if lexicon.knows(tail) or _known_inflection(tail, lexicon):
                parts += [t for t in (stem(head), stem(tail)) if t]
                break
            inner = _splits(tail, lexicon, depth - 1) if depth else []
            if inner:
                parts += [t for t in (stem(head), stem(tail)) if t] + inner
                break
    return parts


def _known_inflection(word: str, lexicon: Lexicon) -> bool:
    """Whether `word` is a known word with a plural or verb ending."""
    return any(
        word.endswith(ending) and lexicon.knows(word[: -len(ending)])
        for ending in ("en", "s", "n", "e", "t", "eren")
    )


@dataclass(frozen=True)
class Analysed:
    """A text as search stores it: its terms and the terms of its compounds,
    each a string of words separated by spaces."""

    terms: str
    parts: str


def analyse(text: str, lexicon: Lexicon | None = None) -> Analysed:
    """The terms of `text` (in order, repeated as often as they occur) and the
    extra terms its compounds give, which weigh less."""
    lexicon = lexicon or Lexicon()
    words = tokens(text)
    terms = [t.stem for t in words if t.stem]
    extra: list[str] = []
    for i, token in enumerate(words):
        if token.stem:
            extra += compound_parts(token.word, lexicon)
        following = words[i + 1] if i + 1 < len(words) else None
        # Two words also count as one ("werk mail"), and so does a letter
        # with the word after it ("e mail").
        if (
            following
            and following.stem
            and (token.stem or len(token.word) == 1)
            and (token.word + following.word).isalpha()
            and len(token.word + following.word) <= MAX_WORD
        ):
            joined = stem(token.word + following.word)
            if joined and joined not in (token.stem, following.stem):
                extra.append(joined)
    return Analysed(" ".join(terms), " ".join(extra))


def query_terms(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The distinct terms a query looks for, the query's own words first,
    then what its compounds give."""
    analysed = analyse(text, lexicon)
    seen: dict[str, None] = {}
    for term in (analysed.terms + " " + analysed.parts).split():
        seen.setdefault(term, None)
    return list(seen)


def words_of(text: str) -> set[str]:
    """The folded words of a text that are not stop words: its vocabulary."""
    return {t.word for t in tokens(text) if t.stem and t.word.isalpha()}
