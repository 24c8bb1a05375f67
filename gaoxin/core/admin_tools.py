"""What the admin pages of several apps share: an action that asks for a reason before it acts on the selected rows
(吊销 a license, 注销 a seal), and the read-only page of a signed record (a license, a document)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gaoxin.core.errors import DomainError
from gaoxin.core.reasons import REASON_MAX_LENGTH


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )


def act_with_reason(
    modeladmin, request, queryset, *, act, title, intro, confirm_label, done_message, reason_label, help_text=""
):
    """The confirmation page with a reason box; once confirmed, act(obj, actor, reason) per row, each error named."""
    form = ReasonForm(request.POST if "confirm" in request.POST else None)
    form.fields["reason"].label, form.fields["reason"].help_text = reason_label, help_text
    if form.is_bound and form.is_valid():
        done = 0
        for obj in queryset:
            try:
                act(obj, request.user, form.cleaned_data["reason"])
                done += 1
            except DomainError as error:
                modeladmin.message_user(request, f"{obj}：{error.message}", messages.ERROR)
        if done:
            modeladmin.message_user(request, str(done_message) % {"count": done})
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "confirm_label": confirm_label,
        "opts": modeladmin.model._meta,
        "objects": queryset,
        "form": form,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/confirm_with_reason.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through their audited actions (a case, a rating, a figure, the audit trail itself):
    the admin site reads them, never adds, edits or deletes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignedRecordAdmin(ReadOnlyAdmin):
    """A signed record is what was issued: it is read, verified and revoked through its actions, never edited.
    Subclasses say how it is checked (`verify_record(obj)` → state_display, problems) and name its public page."""

    verify_url_name = ""

    def verify_record(self, obj):
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["state_detail", "verify_link"]

    @admin.display(description=_("核验结果"))
    def state_detail(self, obj):
        checked = self.verify_record(obj)
        problems = "；".join(checked.problems)
        return f"{checked.state_display}{'：' + problems if problems else ''}"

    @admin.display(description=_("公开核验页面"))
    def verify_link(self, obj):
        url = reverse(self.verify_url_name, args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)
