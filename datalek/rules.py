"""The permission of the datalekregister's pages, as a rule over the roles
(see docs/architecture.md, "Permissions")."""

from __future__ import annotations

import rules

from accounts import roles

# /datalekken/, its exports and the open breaches on the start page.
rules.add_perm("datalek.view_register", roles.may_see_breaches)
