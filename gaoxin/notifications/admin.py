from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gaoxin.core import personal
from gaoxin.notifications import actions
from gaoxin.notifications.models import Delivery, MessageTemplate, Notification, Preference
from gaoxin.notifications.wording import allowed_placeholders


class ReadOnlyAdmin(admin.ModelAdmin):
    """Made by the platform and read by people, not edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["channel", "masked_address", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "subject_key", "recipient__username"]
    list_select_related = ["recipient"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Every e-mail and SMS with how its sending went: a failed one shows its last error and its attempts."""

    list_display = ["created_at", "channel", "masked_address", "kind", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["subject", "subject_key"]
    # The address is personal data: masked here, found whole by its digest.
    exclude = ["address"]
    readonly_fields = ["masked_address"]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(personal.matching("address", search_term.strip().lower()))
        return found, may_have_duplicates

    date_hierarchy = "created_at"


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["kind", "channel", "title", "body", "template_code"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "cols": 90})}

    def clean(self):
        cleaned = super().clean()
        kind, channel = cleaned.get("kind"), cleaned.get("channel")
        if kind and channel:
            for name in ("title", "body"):
                if problems := actions.template_field_problems(kind, channel, name, cleaned.get(name) or ""):
                    self.add_error(name, "；".join(problems))
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["kind", "channel", "title", "template_code", "updated_at"]
    list_filter = ["channel", "kind"]
    readonly_fields = ["placeholders"]
    fields = ["kind", "channel", "title", "body", "template_code", "placeholders"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "kind", "channel"] if obj else self.readonly_fields

    @admin.display(description=_("可用的占位符"))
    def placeholders(self, obj):
        if obj is None or not obj.kind:
            return _("选择类型并保存后显示")
        names = allowed_placeholders(obj.kind, obj.channel)
        return format_html("<code>{}</code>", "　".join(f"{{{name}}}" for name in names))

    def save_model(self, request, obj, form, change):
        actions.template_save(template=obj, actor=request.user)  # the form has checked what the action checks


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "email", "sms", "daily_digest", "updated_at"]
    list_filter = ["email", "sms", "daily_digest"]
    search_fields = ["user__username"]
