"""A readable comparison of two versions: changed words marked within lines."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from policy.rendering import normalise_text

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # equal, added, removed, changed, skipped
    html: SafeString


def _words(old: str, new: str) -> str:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def compare(old: str, new: str, context: int | None = None) -> list[DiffLine]:
    """Compare two Markdown texts line by line, and changed lines word by word.

    With `context`, runs of unchanged lines longer than twice that are folded
    into one "skipped" line.
    """
    a = normalise_text(old).split("\n")
    b = normalise_text(new).split("\n")
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            run = a[i1:i2]
            if context is not None and len(run) > 2 * context + 1:
                head = run[:context] if lines else []
                tail = run[len(run) - context :] if i2 < len(a) else []
                skipped = len(run) - len(head) - len(tail)
                lines += [DiffLine("equal", mark_safe(escape(x))) for x in head]
                lines.append(
                    DiffLine(
                        "skipped",
                        escape(
                            ngettext(
                                "… %(n)d ongewijzigde regel …",
                                "… %(n)d ongewijzigde regels …",
                                skipped,
                            )
                            % {"n": skipped}
                        ),
                    )
                )
                lines += [DiffLine("equal", mark_safe(escape(x))) for x in tail]
            else:
                lines += [DiffLine("equal", mark_safe(escape(x))) for x in run]
            continue
        old_run, new_run = a[i1:i2], b[j1:j2]
        paired = min(len(old_run), len(new_run)) if op == "replace" else 0
        for x, y in zip(old_run[:paired], new_run[:paired], strict=True):
            lines.append(DiffLine("changed", mark_safe(_words(x, y))))
        for x in old_run[paired:]:
            lines.append(DiffLine("removed", mark_safe(f"<del>{escape(x)}</del>")))
        for y in new_run[paired:]:
            lines.append(DiffLine("added", mark_safe(f"<ins>{escape(y)}</ins>")))
    return lines
