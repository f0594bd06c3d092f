"""The backend that answers the rules of each app's `rules.py`.

django-rules' `ObjectPermissionBackend`, with one difference: a permission
that is a rule is the rule's alone. When the rule says no, the answer is
final, so Django's `ModelBackend` is not asked to look for a group
permission of that name (which never exists, see docs/architecture.md,
"Permissions"): a page that asks a rule pays no queries for the user's and
groups' model permissions. Listed first in `AUTHENTICATION_BACKENDS`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rules.permissions import ObjectPermissionBackend, has_perm, perm_exists


class RuleBackend(ObjectPermissionBackend):
    def has_perm(self, user, perm, *args, **kwargs) -> bool:
        if not perm_exists(perm):
            # Not a rule: a model permission, for the backends after this one.
            return False
        if has_perm(perm, user, *args, **kwargs):
            return True
        # Django stops asking the other backends on PermissionDenied.
        raise PermissionDenied
