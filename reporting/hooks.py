"""Moments in a signal's life that other apps may act on.

The apps that care connect a receiver in their AppConfig.ready(), so
reporting never needs to know them. Receivers run inside the transaction of
the change: whatever they store is saved, or refused, together with it.
"""

from __future__ import annotations

import django.dispatch

# A signal became a possible personal-data breach: the reporter ticked it or
# PR marked it. Sent once per signal, with `instance` (the signal), `actor`
# and `at`.
possible_breach_raised = django.dispatch.Signal()

# Asked by the retention purge: each receiver returns a queryset of signal
# ids that must be kept for now (an open investigation), whatever their age.
retention_holds = django.dispatch.Signal()
