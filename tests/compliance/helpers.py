"""What the compliance tests ask of the audit log."""

from __future__ import annotations

from audit.models import Action, AuditEvent


def exports_recorded(**details):
    """The audit log's records of exports, narrowed by their details (e.g.
    `kind="handtekeningen.csv"`): an export's one record."""
    return AuditEvent.objects.filter(
        action=Action.EXPORT,
        **{f"details__{key}": value for key, value in details.items()},
    )
