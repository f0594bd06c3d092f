"""What policy tells the apps built on it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `version` and `sections` once the sections of a version being
# published are stored (inside the publication's transaction): search
# indexes them.
sections_stored = Signal()

# Sent with `signature`, in the transaction that stores it (`signature_create`):
# the compliance figures add it in the same transaction.
signature_stored = Signal()

# Sent with `guideline_ids` when a publication or a withdrawal changed which
# version of those richtlijnen must be signed (inside its transaction).
signing_changed = Signal()

# Sent when signatures were stored in bulk, past the services (the large demo
# data): whatever counts them counts everything again.
signatures_loaded = Signal()
