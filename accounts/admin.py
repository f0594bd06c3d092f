from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import roles
from accounts.models import Department, Partnership, User
from accounts.partners import partner_create, partnership_end


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]
    search_fields = ["name"]
    autocomplete_fields = ["manager"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name", "email"]
    list_display = ["email", "first_name", "last_name", "department", "is_active"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups", "department"]
    list_select_related = ["department"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["department", "hr_manager"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Persoon"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "department",
                    "job_title",
                    "phone",
                    "hr_manager",
                ]
            },
        ),
        (
            _("Rechten"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "department",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]


class PartnershipAddForm(forms.ModelForm):
    """A new partner in zorg: the three things a partner record holds."""

    email = forms.EmailField(label=_("e-mailadres"))
    first_name = forms.CharField(label=_("voornaam"), max_length=150)
    last_name = forms.CharField(label=_("achternaam"), max_length=150, required=False)

    class Meta:
        model = Partnership
        fields = ["contact_person"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er is al een account met dit e-mailadres."))
        return email

    def clean_contact_person(self):
        person = self.cleaned_data["contact_person"]
        if roles.is_partner(person) or not person.is_active:
            raise forms.ValidationError(
                _("De contactpersoon moet een actieve medewerker zijn.")
            )
        return person

    def _post_clean(self) -> None:
        # The account does not exist yet: partner_create validates the whole.
        pass


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "contact_person", "started_at", "ended_at"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "contact_person"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["contact_person"]
    readonly_fields = ["user", "started_at", "ended_at", "anonymised_at"]
    actions = ["end_partnerships"]

    @admin.display(description=_("e-mailadres"), ordering="user__email")
    def email(self, obj: Partnership) -> str:
        return obj.user.email

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = PartnershipAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "first_name", "last_name", "contact_person"]
        return ["user", "contact_person", "started_at", "ended_at", "anonymised_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return super().save_model(request, obj, form, change)
        # A new partner: account, group, partnership and invitation in one go.
        user = partner_create(
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            contact_person=form.cleaned_data["contact_person"],
        )
        created = user.partnership
        obj.pk, obj.user, obj.started_at = created.pk, user, created.started_at
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Partnerships end; the record and the partner's signatures stay.
        return False

    @admin.action(description=_("Partnerschap beëindigen (account direct uit)"))
    def end_partnerships(self, request, queryset) -> None:
        ended = 0
        for partnership in queryset.filter(ended_at__isnull=True).select_related(
            "user"
        ):
            partnership_end(partnership=partnership)
            ended += 1
        self.message_user(
            request,
            ngettext(
                "%(n)s partnerschap beëindigd.",
                "%(n)s partnerschappen beëindigd.",
                ended,
            )
            % {"n": ended},
        )
