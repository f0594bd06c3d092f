"""Admin behaviour shared by the apps' records that are evidence."""

from __future__ import annotations

from policy.compliance import compliance_changed


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


class ComplianceChangesAdminMixin:
    """Edits that change who must sign or who has signed (a person's
    department or status, a richtlijn's audience) refresh the cached
    compliance figures."""

    def save_related(self, request, form, formsets, change) -> None:
        # After save_model and the many-to-many fields: the last step of a save.
        super().save_related(request, form, formsets, change)
        compliance_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        compliance_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        compliance_changed()
