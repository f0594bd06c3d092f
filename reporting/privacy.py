"""A guard against client data in signals, before anything is stored.

Signals are about posts and articles, not about clients, but a screenshot's
caption or a pasted message can carry a BSN, a phone number or a date of
birth. The guard looks for those, so the form can warn the reporter first
(principle 6 of the social-media richtlijn). It errs towards few false alarms:
numbers must be valid (the BSN elfproef, real calendar dates in the past).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Finding:
    kind: str  # "bsn", "telefoon", "email" or "geboortedatum"
    text: str
    label: str

    @property
    def masked(self) -> str:
        return mask(self.text)


LABELS = {
    "bsn": _("BSN-nummer"),
    "telefoon": _("telefoonnummer"),
    "email": _("e-mailadres"),
    "geboortedatum": _("geboortedatum"),
}

# Nine digits, or eight (a BSN may be written without its leading zero),
# optionally grouped by dots or spaces as 123.456.782 or 1234 56 782.
BSN = re.compile(
    r"(?<![\w.,/-])"
    r"(\d{3}[. ]?\d{3}[. ]?\d{3}|\d{4}[. ]?\d{2}[. ]?\d{3}|\d{8})"
    r"(?![\w/-]|[.,]\d)"
)
PHONE = re.compile(
    r"(?<![\w+/-])(?:(?:\+|00)31[\s.-]?(?:\(0\))?[\s.-]?|\(?0)"
    r"[1-9](?:[\s.-]?\(?\d\)?){8}(?![\w/-]|\.\d)"
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?!\w)", re.I)
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
NUMERIC_DATE = re.compile(
    r"(?<![\w.:/-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-]|\.\d)"
)
WORDED_DATE = re.compile(
    r"(?<!\w)(\d{1,2})\s+("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+(\d{4})(?!\w)",
    re.I,
)


def elfproef(digits: str) -> bool:
    """The BSN check: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11."""
    digits = digits.zfill(9)
    if len(digits) != 9 or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _date(day: int, month: int, year: int) -> datetime.date | None:
    if year < 100:
        # Two-digit years: a date of birth lies in the past.
        this = timezone.localdate().year % 100
        year += 2000 if year <= this else 1900
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return None
    if datetime.date(1900, 1, 1) <= found < timezone.localdate():
        return found
    return None


def find_personal_data(*texts: str) -> list[Finding]:
    """Likely client data in `texts`, each found text once, in order of appearance."""
    found: list[tuple[int, int, Finding]] = []
    for n, text in enumerate(texts):
        if not text:
            continue
        candidates: list[tuple[int, str, str]] = []
        for match in EMAIL.finditer(text):
            candidates.append((match.start(), "email", match.group()))
        for match in BSN.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if elfproef(digits):
                candidates.append((match.start(), "bsn", match.group()))
        for match in PHONE.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            # 0xx…: ten digits; +31…: eleven; 0031…: thirteen.
            if len(digits) in (10, 11, 13):
                candidates.append((match.start(), "telefoon", match.group()))
        for match in NUMERIC_DATE.finditer(text):
            day, _sep, month, year = match.groups()
            if _date(int(day), int(month), int(year)):
                candidates.append((match.start(), "geboortedatum", match.group()))
        for match in WORDED_DATE.finditer(text):
            day, month, year = match.groups()
            if _date(int(day), MONTHS[month.lower()], int(year)):
                candidates.append((match.start(), "geboortedatum", match.group()))
        for start, kind, value in candidates:
            found.append((n, start, Finding(kind, value, str(LABELS[kind]))))
    seen: set[tuple[str, str]] = set()
    result = []
    for _n, _start, finding in sorted(found, key=lambda item: (item[0], item[1])):
        key = (finding.kind, finding.text)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return _drop_overlaps(result)


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    # A phone number's digits can also pass the elfproef; a phone number with
    # its leading zero is the likelier reading.
    phones = {re.sub(r"\D", "", f.text) for f in findings if f.kind == "telefoon"}
    return [
        f
        for f in findings
        if not (f.kind == "bsn" and any(re.sub(r"\D", "", f.text) in p for p in phones))
    ]


def mask(text: str) -> str:
    """Show enough of a finding to recognise it, without repeating it whole."""
    if "@" in text:
        name, _, domain = text.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]
