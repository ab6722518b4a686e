"""Django admin for the platform admin: logins, roles per town, departments, API tokens.

The admin runs without a town scope (TerritoryScopeMiddleware disables scoping under /admin/,
since only platform admins, who see every town, get in), and it is behind the second factor like
every other staff page (SecondFactorMiddleware).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Department, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("territory", "role", "department", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("department",)


class VecheUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "phone", "full_name")


class VecheUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = VecheUserChangeForm
    add_form = VecheUserCreationForm
    ordering = ("email",)
    list_display = ("email", "phone", "full_name", "is_active", "is_staff", "is_superuser",
                    "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser", "memberships__role")
    search_fields = ("email", "phone", "full_name", "esia_subject")
    readonly_fields = ("date_joined", "last_login")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "phone", "full_name", "password")}),
        (_("Госуслуги и язык"), {"fields": ("esia_subject", "language")}),
        (_("Права"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                 "user_permissions")}),
        (_("Даты"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("email", "phone", "full_name", "usable_password", "password1",
                           "password2")}),
    )
    filter_horizontal = ("groups", "user_permissions")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "territory", "role", "department", "created_at")
    list_filter = ("role", "territory")
    search_fields = ("user__email", "user__phone", "user__full_name")
    autocomplete_fields = ("user", "department")
    list_select_related = ("user", "territory", "department")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "territory")
    list_filter = ("territory",)
    search_fields = ("name",)
    list_select_related = ("territory",)


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name", "revoked_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by the API's own service (the key is shown once there); the admin lists
    and revokes them. It never shows or edits the hash."""

    form = ApiTokenForm
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__email")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    autocomplete_fields = ("user",)

    def has_add_permission(self, request):
        return False
