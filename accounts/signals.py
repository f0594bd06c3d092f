"""What accounts announce to the apps that build on it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once a staff import has changed accounts and departments, inside its
# transaction: queryset updates (deactivating missing staff) send no model
# signals of their own.
staff_imported = Signal()
