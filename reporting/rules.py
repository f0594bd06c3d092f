"""The permissions of signals' pages, as rules over the roles (see
docs/architecture.md, "Permissions"). The admin's model permissions on
signals, notes and standard answers are group permissions
(`roles.GROUP_PERMISSIONS`)."""

from __future__ import annotations

import rules

from accounts import roles

# PR en communicatie's work: the queue on the start page, every signal's
# attachments (superusers count as PR, so nothing the admin shows them is
# refused on a page).
rules.add_perm("reporting.triage_signals", roles.is_pr)
# A possible breach is judged by its screenshots: the privacy officer opens
# the attachments of such a signal.
rules.add_perm("reporting.view_breach_attachments", roles.may_see_breaches)
# Signals per principle (/meldingen/beginselen/).
rules.add_perm("reporting.view_principle_counts", roles.may_see_principle_counts)
