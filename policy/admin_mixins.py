"""Admin behaviour of policy's records that its compliance figures count."""

from __future__ import annotations

from policy.compliance import compliance_changed


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
