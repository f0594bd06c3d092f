"""The kinds of audit entry, each declared by the app that records it.

An app lists its events as a `TextChoices` class (the code as stored, the
Dutch label the admin and the dossier show) and registers it in its
`AppConfig.ready()`:

    from audit import events
    events.register(PolicyAction)

`AuditEvent.action` takes its choices from `choices()`, a callable, so a new
event needs no migration in audit; `AuditEvent.save()` refuses a code nobody
registered. A code, once recorded, is part of the hash chain: never rename one.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models

# The width of AuditEvent.action.
MAX_LENGTH = 32

# code -> (the class that declared it, its label), in the order registered.
_registry: dict[str, tuple[type[models.TextChoices], object]] = {}


def register(declared: type[models.TextChoices]) -> None:
    """Make the events of `declared` known. Registering the same class again
    changes nothing; a code another class declared already is refused, and
    then none of the class's codes is registered."""
    for member in declared:
        code = str(member.value)
        if len(code) > MAX_LENGTH:
            raise ImproperlyConfigured(
                f"Audit event {code!r} is longer than {MAX_LENGTH} characters."
            )
        owner = _registry.get(code, (declared,))[0]
        if owner is not declared:
            raise ImproperlyConfigured(
                f"Audit event {code!r} is declared by both "
                f"{owner.__qualname__} and {declared.__qualname__}."
            )
    for member in declared:
        _registry[str(member.value)] = (declared, member.label)


def choices() -> list[tuple[str, object]]:
    """Every registered event as (code, label): `AuditEvent.action`'s
    choices."""
    return [(code, label) for code, (_owner, label) in _registry.items()]


def is_registered(code: str) -> bool:
    return str(code) in _registry
