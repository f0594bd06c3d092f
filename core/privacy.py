"""A guard against client data in what staff write, before anything is stored.

Signals are about posts and articles, not about clients, but a screenshot's
caption or a pasted message can carry a BSN, a phone number or a date of
birth, and so can a question PR publishes from one. The guard looks for
those, so the form can warn the writer first (principle 6 of the
social-media richtlijn). It errs towards few false alarms:
numbers must be valid (the BSN elfproef, real calendar dates in the past) and
must stand on their own, not inside a longer number, code, amount or link.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Finding:
    """One piece of likely client data, as it was written."""

    kind: str  # "bsn", "telefoon", "email" or "geboortedatum"
    text: str  # the matched text
    label: str  # Dutch, for the warning: "BSN-nummer", "telefoonnummer", …

    @property
    def masked(self) -> str:
        """The text, partly hidden, for showing in the warning."""
        return mask(self.text)


LABELS = {
    "bsn": _("BSN-nummer"),
    "telefoon": _("telefoonnummer"),
    "email": _("e-mailadres"),
    "geboortedatum": _("geboortedatum"),
}

# When two findings overlap, the likelier reading wins: an address's digits
# are part of the address, a date is no phone number, and a phone number's
# nine last digits can pass the elfproef by chance.
PRIORITY = {"email": 0, "geboortedatum": 1, "telefoon": 2, "bsn": 3}

# Separators within a number: a space, or a dash or dot with optional spaces
# ("06 - 1234 5678"). No newlines: a number does not continue on the next line.
_SEP = r"(?:[ \t\u00a0]?[-.][ \t\u00a0]?|[ \t\u00a0])"

# Nine digits, or eight (a BSN may be written without its leading zero), plain
# or grouped as 123.456.782, 123 456 782 or 1234 56 782. The lookarounds keep
# it out of longer numbers, codes (AB-…, #…), amounts (€ …, …,00) and paths.
BSN = re.compile(
    r"(?<![\w.,/#@+€$-])(?<!€ )"
    r"(\d{9}|\d{8}|\d{3}([. ])\d{3}\2\d{3}|\d{4}([. ])\d{2}\3\d{3})"
    r"(?!\w|[.,]\d|[/@-])"
)

# 0 + nine digits, or +31 / 0031 (optionally with "(0)") + nine digits, the
# first of which is not 0. Parentheses may go round the area code.
PHONE = re.compile(
    r"(?<![\w.,#@+€$-])(?<![A-Z]{2}\d\d [A-Z]{4} )"
    rf"(?:(?:\+|00)31{_SEP}?(?:\(0\){_SEP}?)?|\(0|0)"
    rf"[1-9](?:{_SEP}?\)?{_SEP}?\d){{8}}"
    r"(?!\w|[.,-]\d|@)"
)
# Something in a phone-shaped match that really is a date followed by another
# number: "op 01-02-2015 12 kinderen".
_DATE_INSIDE = re.compile(r"\d{1,2}([-./])\d{1,2}\1\d{2,4}\s")

EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w@])", re.IGNORECASE
)
# Links, with or without a scheme: facebook.com/groups/123456789/. Each try
# starts where a word starts (the lookbehind), which keeps a long run such as
# "06-06-06-…" from being scanned again from every position.
URL = re.compile(
    r"(?<![\w.@-])"
    r"(?:https?://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/)[^\s<>\"']*",
    re.IGNORECASE,
)

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip

NUMERIC_DATE = re.compile(
    r"(?<![\w.,:/-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\w|[-/.:,]\d)"
)
WORDED_DATE = re.compile(
    r"(?<![\w.,:/-])(\d{1,2})\s+("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+(\d{4})(?!\w|[-/.:,]\d)",
    re.IGNORECASE,
)
# "geboren op", "geboren", "geb.", "geboortedatum:" right before a date.
BIRTH_PHRASE = re.compile(
    r"(?:\bgeboren(?:\s+op)?|\bgeb\.?|\bgeboortedatum\s*:?)\s*$", re.IGNORECASE
)


def elfproef(digits: str) -> bool:
    """The BSN check: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11.

    Eight digits count as nine with a leading zero, as the official rule says.
    All zeros is not a number.
    """
    digits = digits.zfill(9)
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _past_date(
    day: int, month: int, year: int, *, two_digit: bool
) -> datetime.date | None:
    today = timezone.localdate()
    if two_digit:
        # A date of birth lies in the past: '15 is 2015, '87 is 1987.
        year += 2000 if year <= today.year % 100 else 1900
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return None
    return found if datetime.date(1900, 1, 1) <= found < today else None


def _phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0031"):
        digits = digits[2:]
    if digits.startswith("31"):
        # +31 (0)6 … and +31 6 … are the same number as 06 …
        digits = "0" + digits[2:].removeprefix("0")
    return digits


# (start, end, kind, matched text, key for de-duplication)
Candidate = tuple[int, int, str, str, str]


def _candidates(text: str) -> list[Candidate]:
    """Every match in `text` that passes its check, overlaps included."""
    found = []
    for match in EMAIL.finditer(text):
        found.append((*match.span(), "email", match.group(), match.group().lower()))
    for match in BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if elfproef(digits):
            found.append((*match.span(), "bsn", match.group(), digits.zfill(9)))
    for match in PHONE.finditer(text):
        if not _DATE_INSIDE.search(match.group()):
            found.append(
                (*match.span(), "telefoon", match.group(), _phone_key(match.group()))
            )
    for match in NUMERIC_DATE.finditer(text):
        day, sep, month, year = match.groups()
        two_digit = len(year) == 2
        before = text[max(0, match.start() - 30) : match.start()]
        after_phrase = bool(BIRTH_PHRASE.search(before))
        # Short forms such as 2.3.10 are mostly version numbers; they count
        # only as 03-03-15 or 03/03/15, or right after "geboren op".
        if two_digit and not after_phrase and (sep == "." or len(day + month) < 4):
            continue
        date = _past_date(int(day), int(month), int(year), two_digit=two_digit)
        if date:
            found.append(
                (*match.span(), "geboortedatum", match.group(), date.isoformat())
            )
    for match in WORDED_DATE.finditer(text):
        day, month_name, year = match.groups()
        month = MONTHS[month_name.lower()]
        date = _past_date(int(day), month, int(year), two_digit=False)
        if date:
            found.append(
                (*match.span(), "geboortedatum", match.group(), date.isoformat())
            )
    return found


def _in_text_order(text: str) -> list[tuple[str, str, str]]:
    # Links do not overlap each other, so the one a candidate could lie in is
    # the last one starting at or before it.
    links = [match.span() for match in URL.finditer(text)]
    link_starts = [start for start, _end in links]
    candidates = []
    for c in sorted(_candidates(text)):
        n = bisect.bisect_right(link_starts, c[0]) - 1
        # Numbers in a link are ids (groups/123456789/), not client data.
        if n < 0 or c[1] > links[n][1]:
            candidates.append(c)
    # Only candidates in one cluster of overlapping matches compete, which
    # keeps a long text with many findings from being compared pairwise.
    kept: list[Candidate] = []
    cluster: list[Candidate] = []
    cluster_end = -1
    for c in [*candidates, None]:
        if c is None or c[0] >= cluster_end:
            kept.extend(_best_of(cluster))
            cluster, cluster_end = [], -1
        if c is not None:
            cluster.append(c)
            cluster_end = max(cluster_end, c[1])
    return [(kind, value, key) for _s, _e, kind, value, key in sorted(kept)]


def _best_of(cluster: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for candidate in sorted(cluster, key=lambda c: (PRIORITY[c[2]], c[0])):
        start, end = candidate[:2]
        if all(end <= k[0] or k[1] <= start for k in kept):
            kept.append(candidate)
    return kept


def find_personal_data(*texts: str) -> list[Finding]:
    """Likely client data in `texts`: each finding once, in order of appearance.

    The same number or address written twice, or written differently
    (06-12345678 and 0612345678), is one finding, as first written.
    """
    seen: set[tuple[str, str]] = set()
    findings = []
    for text in texts:
        for kind, value, key in _in_text_order(text or ""):
            if (kind, key) not in seen:
                seen.add((kind, key))
                findings.append(Finding(kind, value, str(LABELS[kind])))
    return findings


def mask(text: str) -> str:
    """Show enough of a finding to recognise it, without repeating it whole."""
    if "@" in text:
        name, _at, domain = text.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]
