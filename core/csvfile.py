"""The one CSV reader of the imports (HR's staff export, the partner list):
the same checks and the same Dutch messages, by line number, for each.

A file is read whole before anything is written: UTF-8 (with or without the
byte-order mark Excel writes), separated by semicolons (a Dutch Excel's
choice), commas or tabs, as its header line shows; no field over 128 KB and
no control character in any field.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

# csv's own limit on one field; a longer one is refused with its line number.
MAX_FIELD = 128 * 1024
# C0 and C1 control characters and DEL (NUL, ESC, VT, …): no name, title or
# address holds one, PostgreSQL refuses NUL, and spreadsheets choke on them.
# Tabs and line breaks inside a quoted field count as well.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
SEPARATORS = (";", ",", "\t")

Row = tuple[int, dict[str, str]]


class CsvFileError(Exception):
    """The file cannot be imported; `errors` says where and why, in Dutch."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def at_line(line: int, message: str) -> str:
    """A message about one line of the file, as every import words it."""
    return _("regel %(line)s: %(message)s") % {"line": line, "message": message}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            [
                _(
                    "Het bestand is geen UTF-8 (byte %(byte)s); "
                    "sla het op als CSV UTF-8."
                )
                % {"byte": exc.start}
            ]
        ) from exc


def _separator(text: str) -> str:
    """The separator the header line uses most."""
    first = text.split("\n", 1)[0]
    return max(SEPARATORS, key=first.count)


def _columns(
    header: list[str], columns: dict[str, tuple[str, ...]], optional: set[str]
) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    index: dict[str, int] = {}
    missing = []
    for key, aliases in columns.items():
        found = next((names.index(a) for a in aliases if a in names), None)
        if found is not None:
            index[key] = found
        elif key not in optional:
            missing.append(aliases[0])
    if missing:
        raise CsvFileError(
            [
                at_line(
                    1,
                    _("kolom(men) ontbreken: %(columns)s")
                    % {"columns": ", ".join(missing)},
                )
            ]
        )
    return index


def csv_read(
    data: bytes,
    *,
    columns: dict[str, tuple[str, ...]],
    optional: Iterable[str] = (),
) -> list[Row]:
    """Parse `data` into (line number, row) pairs, a row holding each key of
    `columns` (a column is found by any of its names, case-insensitive; an
    `optional` one may be absent, and then its key is left out of every row,
    so an import can tell "not in the file" from "empty"). Blank lines are
    skipped.
    Raises CsvFileError with every problem it can name: an encoding it cannot
    read, a missing column, a field too large, a control character."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise CsvFileError([_("Het bestand is leeg.")]) from exc
    except csv.Error as exc:
        raise CsvFileError([_unreadable(1, exc)]) from exc
    index = _columns(header, columns, set(optional))
    rows: list[Row] = []
    errors: list[str] = []
    line = reader.line_num + 1  # where the next record starts
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # Reading cannot go on after a broken record (mostly a field over
            # MAX_FIELD): report it with what was found before.
            errors.append(_unreadable(line, exc))
            break
        start, line = line, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        row = {
            key: (values[i].strip() if i < len(values) else "")
            for key, i in index.items()
        }
        bad = [key for key, value in row.items() if CONTROL.search(value)]
        if bad:
            errors.append(
                at_line(
                    start,
                    _("een stuurteken in %(columns)s") % {"columns": ", ".join(bad)},
                )
            )
            continue
        rows.append((start, row))
    if errors:
        raise CsvFileError(errors)
    return rows


def _unreadable(line: int, exc: csv.Error) -> str:
    return at_line(
        line,
        _(
            "niet te lezen (%(error)s); staat er een veld van meer dan 128 KB in, "
            "of een aanhalingsteken dat niet gesloten wordt?"
        )
        % {"error": exc},
    )
