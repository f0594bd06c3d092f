"""What accounts announces about people, for apps that keep figures of them.

accounts knows nothing of those apps: it says who moved, they listen (policy
recounts its compliance figures, see `policy.apps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.dispatch import Signal

# Sent once a staff import has changed accounts and departments, inside its
# transaction: queryset updates (deactivating missing staff) send no model
# signals of their own, so listeners count everything again.
staff_imported = Signal()

# Someone joined, left (deactivated or reactivated) or changed department.
# `departments`: the departments (ids, None for "no department") whose people
# changed, or None when that is not known (anyone may have).
people_changed = Signal()


@dataclass
class _Pending:
    departments: set[int | None] = field(default_factory=set)
    anyone: bool = False


_pending: ContextVar[_Pending | None] = ContextVar("people_changes", default=None)


def announce_people_changed(departments: Iterable[int | None] | None = None) -> None:
    """Tell listeners that people in `departments` (None: anyone) changed;
    inside `people_changes()` once, at its end."""
    pending = _pending.get()
    if pending is None:
        people_changed.send(
            sender=None, departments=None if departments is None else set(departments)
        )
    elif departments is None:
        pending.anyone = True
    else:
        pending.departments.update(departments)


@contextmanager
def people_changes(*, quiet: bool = False) -> Iterator[None]:
    """Collect the announcements of a bulk change (an HR import saves
    thousands of people) and send them as one when it ends without error;
    `quiet` drops them, for a caller that sends its own (`staff_imported`).
    Use it inside the transaction, so listeners write in it too."""
    if _pending.get() is not None:
        yield
        return
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if quiet:
        return
    if pending.anyone:
        announce_people_changed(None)
    elif pending.departments:
        announce_people_changed(pending.departments)
