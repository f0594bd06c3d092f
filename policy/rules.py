"""The permissions of the richtlijnen's pages, as rules over the roles (see
docs/architecture.md, "Permissions"). What Beleid and Kwaliteit may do in the
admin are group permissions (`roles.GROUP_PERMISSIONS`)."""

from __future__ import annotations

import rules

from accounts import roles

# The archive of withdrawn richtlijnen (/richtlijnen/archief/).
rules.add_perm("policy.view_archive", roles.is_beleid)
# The editor's agenda on the start page: open concepts and reviews due.
rules.add_perm("policy.view_editor_agenda", roles.is_beleid)
# Four eyes: the list of requests at /beoordelen/ (a request itself only
# for whom it was asked of, see ReviewRequest.objects.waiting_for).
rules.add_perm("policy.review_concepts", roles.may_review)
