"""Search over the sections of the richtlijnen in force and the published
questions, for questions as people type them.

The query goes through the same analyser as the texts (guidance.analysis),
plus the synonyms Beleid keeps. A hit needs one of the query's terms (OR),
and ranks by how many it has and how rare they are, a heading above the
text under it. SQLite ranks with FTS5's bm25, PostgreSQL with the same idea
over its stored tsvectors (each term's ts_rank times its rarity). Passages
are cut and marked in Python, the same on both. Two queries per search (the
synonyms, the hits); a third, for "Bedoelde je …?", only when nothing is
found."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guidance.analysis import (
    Lexicon,
    Token,
    analyse,
    compound_parts,
    query_terms,
    tokens,
)
from guidance.models import (
    SearchEntry,
    SearchText,
    SearchWord,
    Synonym,
    search_scope,
)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 24
LIMIT = 20
# Marks put around a match: characters no text contains, so the passage can
# be escaped whole and the marks turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
PASSAGE_WORDS = 32
# A heading counts this much more than the text under it, a compound's
# parts this much less (FTS5 column weights; PostgreSQL's follow below).
WEIGHTS = {"title": 5.0, "body": 1.0, "parts": 0.4}
PG_WEIGHTS = "{0.05, 0.16, 0.4, 1.0}"  # D, C (parts), B (body), A (heading)
PG_NORMALIZATION = 1  # a longer text counts a match a little less
PG_IDF_POWER = 2
# What the search page suggests; tests/guidance/test_search_questions.py
# checks that each finds something.
EXAMPLES = ["WhatsApp", "foto van een pleegkind", "kritiek op Facebook"]
_COMMON = Lexicon()  # what passages split compounds with


@dataclass(frozen=True)
class Hit:
    kind: str  # "section" or "question"
    title: str
    guideline_title: str
    guideline_slug: str
    anchor: str
    url: str
    passage: SafeString
    rank: float


@dataclass
class Group:
    """The hits of one richtlijn, best first."""

    guideline_title: str
    url: str
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    groups: list[Group]
    count: int
    suggestion: str = ""

    @property
    def hits(self) -> list[Hit]:
        return [hit for group in self.groups for hit in group.hits]


def clean_query(raw: str | None) -> str:
    """One line, at most MAX_QUERY_LENGTH characters, cut at a word; no
    control or private-use characters (PostgreSQL refuses NUL, and the marks
    are private-use)."""
    text = "".join(
        " " if unicodedata.category(c) in {"Cc", "Cs", "Co"} else c for c in raw or ""
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text


def visible_entries(user) -> QuerySet[SearchEntry]:
    """What `user` may find: the entries inside `search_scope(user)`, the one
    place search asks who sees what."""
    scope = search_scope(user)
    return SearchEntry.objects.filter(
        Q(section__version__in=scope.versions) | Q(question__in=scope.questions)
    )


def highlighted(passage: str) -> SafeString:
    """Escape a passage, then show its match marks as <mark>."""
    # Marks come in pairs; an unbalanced one is closed, never left open.
    parts = re.split(f"({START}|{STOP})", passage)
    html, open_mark = [], False
    for part in parts:
        if part == START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif part == STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif part not in (START, STOP):
            html.append(escape(part))
    if open_mark:
        html.append("</mark>")
    # Every part was escaped above; only the marks are markup.
    return mark_safe("".join(html))


def search(raw: str, *, user) -> Results:
    """The hits for a query as typed, grouped by richtlijn, best first; when
    there are none, perhaps a suggestion."""
    query = clean_query(raw)
    if not query:
        return Results([], 0)
    terms, own = _terms_with_synonyms(query)
    if not terms:
        return Results([], 0)
    entries = _hits_postgres(terms, user) if _postgres() else _hits_sqlite(terms, user)
    hits = [_hit(entry, terms, own) for entry in entries]
    if not hits:
        return Results([], 0, suggestion=suggest(query))
    return Results(_grouped(hits), len(hits))


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _terms_with_synonyms(query: str) -> tuple[list[str], list[str]]:
    """What the query looks for, and of that its (and its synonyms') own
    words, without the parts of compounds."""
    terms = query_terms(query)[:MAX_TERMS]
    if not terms:
        return [], []
    own = analyse(query).terms.split()
    # Query 1: what Beleid's synonyms add ("appen" also looks for WhatsApp).
    for means in Synonym.objects.filter(term__in=terms).values_list("means", flat=True):
        terms += [t for t in query_terms(means) if t not in terms]
        own += analyse(means).terms.split()
    return terms[:MAX_TERMS], own


def _entries(qs: QuerySet, prefix: str = "") -> QuerySet:
    """The rows and columns a hit is made of, nothing more."""
    p = prefix
    return qs.select_related(
        f"{p}section__version__guideline", f"{p}question__principle__guideline"
    ).only(
        f"{p}section__title",
        f"{p}section__text",
        f"{p}section__anchor",
        f"{p}section__version__guideline__title",
        f"{p}section__version__guideline__slug",
        f"{p}question__question",
        f"{p}question__answer",
        f"{p}question__principle__anchor",
        f"{p}question__principle__title",
        f"{p}question__principle__guideline__title",
        f"{p}question__principle__guideline__slug",
    )


def _hits_sqlite(terms: list[str], user) -> list[SearchEntry]:
    """Query 2 on SQLite: FTS5 finds the entries with any of the terms and
    ranks them with bm25 (rarer terms and more of them count more)."""
    table = connection.ops.quote_name(SearchText._meta.db_table)
    match = " OR ".join(f'"{t}"' for t in terms)
    weights = ", ".join(str(w) for w in WEIGHTS.values())
    texts = (
        SearchText.objects.filter(RawSQL(f"{table} MATCH %s", [match], BooleanField()))
        # Each match is checked, rather than rowid IN (every visible entry),
        # which SQLite would run as one MATCH per visible entry.
        .filter(Exists(visible_entries(user).filter(pk=OuterRef("entry_id"))))
        .annotate(score=RawSQL(f"-bm25({table}, {weights})", []))
        .order_by("-score", "entry_id")
    )
    rows = _entries(texts, "entry__")[:LIMIT]
    found = []
    for row in rows:
        row.entry.score = row.score
        found.append(row.entry)
    return found


def _hits_postgres(terms: list[str], user) -> list[SearchEntry]:
    """Query 2 on PostgreSQL: the GIN index finds the entries with any of the
    terms; each term adds its ts_rank (heading above text) times its rarity
    among all entries, as bm25 does on SQLite."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    column = f"{table}.{connection.ops.quote_name('vector')}"
    # How many entries there are, read from the ends of the primary key
    # rather than counted (entries are added in order; a rebuild starts anew).
    size = f"(SELECT max(e.id) - min(e.id) + 1 FROM {table} e)"
    score, params = [], []
    for term in terms:
        score.append(
            f"ts_rank('{PG_WEIGHTS}', {column}, %s::tsquery, {PG_NORMALIZATION}) * "
            f"power(ln(({size} + 1.0) / "
            f"((SELECT count(*) FROM {table} e WHERE e.vector @@ %s::tsquery) + 0.5)), "
            f"{PG_IDF_POWER})"
        )
        params += [term, term]
    entries = (
        visible_entries(user)
        .filter(RawSQL(f"{column} @@ %s::tsquery", [" | ".join(terms)], BooleanField()))
        .annotate(score=RawSQL(" + ".join(score), params))
        .order_by("-score", "pk")
    )
    return list(_entries(entries)[:LIMIT])


def _hit(entry: SearchEntry, terms: list[str], own: list[str]) -> Hit:
    if entry.section_id:
        section = entry.section
        guideline = section.version.guideline
        return Hit(
            kind="section",
            title=section.title,
            guideline_title=guideline.title,
            guideline_slug=guideline.slug,
            anchor=section.anchor,
            url=f"{guideline.get_absolute_url()}#{section.anchor}",
            passage=passage(section.text or section.title, terms, own),
            rank=float(entry.score),
        )
    question = entry.question
    principle = question.principle
    guideline = principle.guideline
    return Hit(
        kind="question",
        title=question.question,
        guideline_title=guideline.title,
        guideline_slug=guideline.slug,
        anchor=principle.anchor,
        url=f"{guideline.get_absolute_url()}#{principle.anchor}",
        passage=passage(f"{question.question} — {question.answer}", terms, own),
        rank=float(entry.score),
    )


def _grouped(hits: list[Hit]) -> list[Group]:
    """Hits by richtlijn, the richtlijn with the best hit first; a published
    question ranks with the heading it cites when that was found too,
    right after it."""
    groups: dict[str, Group] = {}
    for hit in hits:  # best first
        if hit.guideline_slug not in groups:
            groups[hit.guideline_slug] = Group(
                hit.guideline_title, hit.url.partition("#")[0]
            )
        groups[hit.guideline_slug].hits.append(hit)
    for group in groups.values():
        cited = {h.anchor: h.rank for h in group.hits if h.kind == "section"}
        group.hits.sort(key=lambda hit, cited=cited: _place(hit, cited), reverse=True)
    return list(groups.values())


def _place(hit: Hit, cited: dict[str, float]) -> tuple[float, int]:
    if hit.kind == "question" and hit.anchor in cited:
        return (cited[hit.anchor], 0)
    return (hit.rank, 1)


def passage(text: str, terms: list[str], own: list[str] | None = None) -> SafeString:
    """About PASSAGE_WORDS words of `text` around its best stretch (the most
    different terms), cut between words, the matched words marked; folded
    like the index, so "clienten" marks "cliënten". A word is marked for its
    own stem, or for a part it shares with one of the query's `own` words
    (not with a part of them: "pleegkind" does not mark "pleegouder")."""
    wanted, whole = set(terms), set(own or terms)
    words = tokens(text)
    if not words:
        return highlighted(text[:240])
    matched = [
        bool((w.stem and w.stem in wanted) or whole.intersection(_parts(w.word)))
        for w in words
    ]
    # The parts of one word ("snake_case") are one word to cut and mark.
    merged: list[tuple[Token, bool]] = []
    for word, hit in zip(words, matched, strict=True):
        if merged and merged[-1][0].start == word.start:
            merged[-1] = (merged[-1][0], merged[-1][1] or hit)
        else:
            merged.append((word, hit))
    words, matched = [w for w, _ in merged], [m for _, m in merged]
    best = _best_window(words, matched)
    # Begin a little before the first match, so it reads in context.
    first = next((i for i in range(best, len(words)) if matched[i]), best)
    start = max(0, min(best, first - 4))
    end = min(len(words), start + PASSAGE_WORDS)
    pieces, cursor = [], words[start].start
    for i in range(start, end):
        word = words[i]
        pieces.append(text[cursor : word.start])
        piece = text[word.start : word.end]
        pieces.append(f"{START}{piece}{STOP}" if matched[i] else piece)
        cursor = word.end
    cut = "".join(pieces)
    if end < len(words):
        cut += " …"
    else:
        cut += text[cursor:].rstrip()
    if start > 0:
        cut = "… " + cut
    return highlighted(" ".join(cut.split()))


@lru_cache(maxsize=65536)
def _parts(word: str) -> tuple[str, ...]:
    """A word's compound parts by the common lexicon (what a passage marks)."""
    return tuple(compound_parts(word, _COMMON))


def _best_window(words: list[Token], matched: list[bool]) -> int:
    """Where the PASSAGE_WORDS words with the most different matched terms
    (then the most matches) begin: one pass, however long the text."""
    seen: Counter[str] = Counter()
    best, best_score = 0, (-1, -1)
    total = 0
    for end, word in enumerate(words):
        if matched[end]:
            seen[word.stem or word.word] += 1
            total += 1
        start = end - PASSAGE_WORDS + 1
        if start > 0 and matched[start - 1]:
            gone = words[start - 1].stem or words[start - 1].word
            seen[gone] -= 1
            total -= 1
            if not seen[gone]:
                del seen[gone]
        score = (len(seen), total)
        if score > best_score:
            best, best_score = max(0, start), score
    return best


def suggest(query: str) -> str:
    """ "Bedoelde je …?": the query with each unknown word replaced by the
    closest word the richtlijnen contain; empty when there is none."""
    words = [t for t in tokens(query) if t.stem and t.word.isalpha()]
    words = [w for w in words if len(w.word) >= 4][:8]
    if not words:
        return ""
    near = Q()
    for w in words:
        near |= Q(length__range=(len(w.word) - 2, len(w.word) + 2)) & (
            Q(word__startswith=w.word[:1]) | Q(word__endswith=w.word[-2:])
        )
    # Query 3, only when nothing was found.
    known = list(SearchWord.objects.filter(near).values_list("word", flat=True))
    replaced, changed = query, False
    for w in words:
        if w.word in known:
            continue
        close = difflib.get_close_matches(w.word, known, n=1, cutoff=0.75)
        if close:
            original = query[w.start : w.end]
            replaced = replaced.replace(original, close[0], 1)
            changed = True
    return replaced if changed else ""
