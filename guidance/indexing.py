"""Filling the search index: the analyser's terms of each section and
published question, stored in `SearchEntry` (the databases' own full-text
indexes follow through triggers), and the vocabulary in `SearchWord`."""

from __future__ import annotations

from collections.abc import Iterable

from guidance.analysis import Lexicon, analyse, words_of
from guidance.models import PublishedQuestion, SearchEntry, SearchWord
from policy.models import Section

BATCH = 500


def section_texts(section: Section) -> tuple[str, str]:
    """What a section is found by: its heading, and the text under it."""
    return section.title, section.text


def question_texts(question: PublishedQuestion) -> tuple[str, str]:
    """What a published question is found by: the heading it cites, as its
    heading (so it ranks with that heading), and the question and answer."""
    return question.principle.title, f"{question.question} {question.answer}"


def lexicon_for(texts: Iterable[str]) -> tuple[Lexicon, set[str]]:
    """The lexicon to split compounds with (the stored vocabulary plus the
    words of `texts`) and the words of `texts` not stored yet."""
    new = set()
    for text in texts:
        new |= words_of(text)
    known = set(SearchWord.objects.values_list("word", flat=True))
    lexicon = Lexicon()
    lexicon.add(known | new)
    return lexicon, {w for w in new - known if len(w) <= 40}


def _entry(lexicon: Lexicon, title: str, body: str, **source) -> SearchEntry:
    heading, text = analyse(title, lexicon), analyse(body, lexicon)
    return SearchEntry(
        title=heading.terms,
        body=text.terms,
        parts=" ".join(p for p in (heading.parts, text.parts) if p),
        **source,
    )


def _store_words(words: set[str]) -> None:
    SearchWord.objects.bulk_create(
        (SearchWord(word=w, length=len(w)) for w in sorted(words)),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def sections_index(sections: list[Section]) -> int:
    """Index sections that are not indexed yet; returns how many were added.
    Idempotent."""
    done = set(
        SearchEntry.objects.filter(section__in=[s.pk for s in sections]).values_list(
            "section_id", flat=True
        )
    )
    todo = [s for s in sections if s.pk not in done]
    if not todo:
        return 0
    texts = [t for s in todo for t in section_texts(s)]
    lexicon, new_words = lexicon_for(texts)
    SearchEntry.objects.bulk_create(
        (_entry(lexicon, *section_texts(s), section=s) for s in todo),
        batch_size=BATCH,
    )
    _store_words(new_words)
    return len(todo)


def question_index(question: PublishedQuestion) -> None:
    """Index a published question again after it was saved."""
    lexicon, new_words = lexicon_for(question_texts(question))
    entry = _entry(lexicon, *question_texts(question), question=question)
    SearchEntry.objects.filter(question=question).delete()
    entry.save()
    _store_words(new_words)


def index_everything() -> tuple[int, int]:
    """Empty the index and fill it again from every stored section and
    published question; returns how many of each."""
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    sections = list(Section.objects.only("pk", "title", "text").order_by("pk"))
    questions = list(
        PublishedQuestion.objects.select_related("principle").order_by("pk")
    )
    texts = [t for s in sections for t in section_texts(s)]
    texts += [t for q in questions for t in question_texts(q)]
    lexicon, words = lexicon_for(texts)
    SearchEntry.objects.bulk_create(
        (_entry(lexicon, *section_texts(s), section=s) for s in sections),
        batch_size=BATCH,
    )
    SearchEntry.objects.bulk_create(
        (_entry(lexicon, *question_texts(q), question=q) for q in questions),
        batch_size=BATCH,
    )
    _store_words(words)
    return len(sections), len(questions)
