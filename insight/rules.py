"""The permissions of the figures' pages, as rules over the roles (see
docs/architecture.md, "Permissions")."""

from __future__ import annotations

import rules

from accounts import roles

# The signal overview with its charts: PR en communicatie and Beleid.
rules.add_perm("insight.view_signal_figures", roles.is_pr | roles.is_beleid)
# The management report: the organisation's picture for the MT. A
# leidinggevende's own departments are on /naleving/.
rules.add_perm("insight.view_management_report", roles.is_beleid)
# A richtlijn's audit dossier.
rules.add_perm("insight.view_audit_dossier", roles.is_beleid)
