"""What policy tells the apps built on it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `version` and `sections` once the sections of a version being
# published are stored (inside the publication's transaction): search
# indexes them.
sections_stored = Signal()
