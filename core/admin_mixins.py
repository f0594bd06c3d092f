"""Admin behaviour shared by the apps' records that are evidence."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """Records that are evidence (signatures, exports, audit entries): shown
    in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SuperuserOnlyAdminMixin(ReadOnlyAdminMixin):
    """Read-only, and visible to active superusers only."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser
