"""An admin action that asks for a reason before it acts on the selected rows (吊销 a license, 注销 a seal)."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from gaoxin.core.errors import DomainError

REASON_MAX_LENGTH = 1000


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
