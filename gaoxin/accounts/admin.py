from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gaoxin.accounts.actions import account_role_changed, password_set_by_admin, tokens_revoke
from gaoxin.accounts.models import ApiToken, Department, LoginLock, TokenRevocation, User
from gaoxin.accounts.throttle import login_unlock
from gaoxin.core import personal
from gaoxin.core.admin_tools import ReadOnlyAdmin


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(User)
class GaoxinUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "department", "is_active"]
    list_filter = ["role", "department", "is_active"]
    search_fields = ["username", "display_name", "uscc"]
    fieldsets = UserAdmin.fieldsets + (
        (_("高新"), {"fields": ["role", "department", "display_name", "applicant_kind", "id_number", "uscc", "phone"]}),
    )

    def get_search_results(self, request, queryset, search_term):
        """An ID number or a phone is found whole, by its digest: both are stored encrypted (core.personal)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            by_number = personal.matching("id_number", search_term) | personal.matching("phone", search_term)
            found |= queryset.filter(by_number)
        return found, may_have_duplicates

    def get_fieldsets(self, request, obj=None):
        """Who may use the admin site, and for what, follows the role alone (accounts.backends): only the
        installation's superuser sees Django's own switches for it."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": ["is_active"]}) if "is_superuser" in options["fields"] else (name, options)
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # Nobody changes their own role or switches themselves off: another security administrator does.
        return ["role", "is_active"] if obj is not None and obj.pk == request.user.pk else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a new account's password is the administrator's: its owner chooses their own
            password_set_by_admin(user=obj, actor=request.user)
        if change and "role" in form.changed_data:
            account_role_changed(user=obj, actor=request.user, was=form.initial.get("role", ""))
        if change and "is_active" in form.changed_data and not obj.is_active:
            tokens_revoke(user=obj, actor=request.user, why=TokenRevocation.DEACTIVATED)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form was valid: the password is set
            password_set_by_admin(user=User.objects.get(pk=id), actor=request.user)
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: a token is made by signing in and ends by expiry or revocation, never by an edit."""

    list_display = ["user", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_why"]
    list_filter = ["revoked_why"]
    search_fields = ["user__username", "user__display_name"]
    fields = list_display
    readonly_fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("注销所选令牌"))
    def revoke(self, request, queryset):
        revoked = sum(
            tokens_revoke(user=token.user, actor=request.user, why=TokenRevocation.ADMIN, digest=token.digest)
            for token in queryset.select_related("user")
        )
        self.message_user(
            request,
            ngettext("已注销 %(n)s 个令牌。", "已注销 %(n)s 个令牌。", revoked) % {"n": revoked},
            messages.SUCCESS,
        )


@admin.register(LoginLock)
class LoginLockAdmin(ReadOnlyAdmin):
    """The throttle's locks, read-only: the security administrator lifts one with the action, which is audited."""

    list_display = ["username", "user", "scope", "address", "failures", "locked_at", "until", "unlocked_at"]
    list_filter = ["scope", "unlocked_why"]
    search_fields = ["username", "address"]
    fields = [*list_display, "unlocked_why", "unlocked_by"]
    readonly_fields = fields
    actions = ["unlock"]

    def has_unlock_permission(self, request):
        return request.user.has_perm("accounts.change_loginlock")

    @admin.action(description=_("解除所选锁定"), permissions=["unlock"])
    def unlock(self, request, queryset):
        lifted = sum(login_unlock(lock=lock, actor=request.user) for lock in queryset.select_related("user"))
        self.message_user(
            request,
            ngettext("已解除 %(n)s 个锁定。", "已解除 %(n)s 个锁定。", lifted) % {"n": lifted},
            messages.SUCCESS,
        )
