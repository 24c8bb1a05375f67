from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(User)
class GaoxinUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "department", "is_active"]
    list_filter = ["role", "department", "is_active"]
    search_fields = ["username", "display_name", "id_number", "uscc"]
    fieldsets = UserAdmin.fieldsets + (
        (_("高新"), {"fields": ["role", "department", "display_name", "applicant_kind", "id_number", "uscc", "phone"]}),
    )
