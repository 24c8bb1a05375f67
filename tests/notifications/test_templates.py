"""Message templates are data an administrator edits: refused when they name a placeholder their sender does not
fill (by the rule documents' templates follow), used by the next message of their kind once saved."""

import pytest

from gaoxin.core.errors import FieldErrors, Forbidden
from gaoxin.notifications.actions import Message, notify, template_save, templates_load
from gaoxin.notifications.admin import MessageTemplateForm
from gaoxin.notifications.models import Kind, MessageTemplate, Notification
from tests.notifications.helpers import user

pytestmark = pytest.mark.django_db


def test_the_shipped_templates_load_once_and_keep_an_administrators_edit():
    assert templates_load() > 0
    template = MessageTemplate.objects.get(kind=Kind.CASE_ACCEPTED, channel="inapp")
    template.body = "已受理：{title}"
    template_save(template=template, actor=user("admin"))
    assert templates_load() == 0
    assert MessageTemplate.objects.get(pk=template.pk).body == "已受理：{title}"


def test_an_unknown_placeholder_is_refused_and_named():
    templates_load()
    template = MessageTemplate.objects.get(kind=Kind.CASE_ACCEPTED, channel="sms")
    template.body = "您的办件{case_number}已受理，请于{pickup_day}领取。退订{optout}"
    with pytest.raises(FieldErrors) as refused:
        template_save(template=template, actor=user("admin"))
    assert refused.value.errors["body"] == "未知的占位符 {pickup_day}"
    assert "pickup_day" not in MessageTemplate.objects.get(pk=template.pk).body


def test_an_sms_template_without_the_opt_out_link_is_refused():
    templates_load()
    template = MessageTemplate.objects.get(kind=Kind.CASE_ACCEPTED, channel="sms")
    assert "{optout}" in template.body, "the platform's own SMS wording carries it"
    template.body = "您的办件{case_number}已受理。"
    with pytest.raises(FieldErrors) as refused:
        template_save(template=template, actor=user("admin"))
    assert refused.value.errors["body"] == "短信内容须包含退订链接 {optout}"
    assert "{optout}" in MessageTemplate.objects.get(pk=template.pk).body
    form = MessageTemplateForm(
        data={"kind": Kind.CASE_ACCEPTED, "channel": "sms", "title": "", "body": "已受理", "template_code": "GX_A"}
    )
    assert not form.is_valid() and form.errors["body"] == ["短信内容须包含退订链接 {optout}"]
    inapp = MessageTemplateForm(data={"kind": Kind.CASE_ACCEPTED, "channel": "inapp", "title": "已受理", "body": "好"})
    assert "body" not in inapp.errors, "an in-app text has no SMS to opt out of"


def test_the_admin_form_refuses_what_the_action_refuses():
    form = MessageTemplateForm(
        data={"kind": Kind.CASE_NOT_ACCEPTED, "channel": "inapp", "title": "{number} 不予受理", "body": "理由：{reason"}
    )
    assert not form.is_valid()
    assert form.errors["title"] == ["未知的占位符 {number}"]
    assert "花括号不成对" in form.errors["body"][0]


def test_an_sms_template_needs_the_gateways_code_and_only_an_administrator_edits():
    templates_load()
    template = MessageTemplate.objects.get(kind=Kind.CASE_ACCEPTED, channel="sms")
    template.template_code = ""
    with pytest.raises(FieldErrors) as refused:
        template_save(template=template, actor=user("admin"))
    assert "模板编号" in refused.value.errors["template_code"]
    with pytest.raises(Forbidden):
        template_save(template=template, actor=user("window"))


def test_the_next_message_uses_the_edited_template():
    templates_load()
    template = MessageTemplate.objects.get(kind=Kind.CASE_ACCEPTED, channel="inapp")
    template.title, template.body = "【受理】{case_number}", "{applicant}：您的“{title}”已受理。"
    template_save(template=template, actor=user("admin"))
    params = {"case_number": "GX9", "applicant": "张晓明", "title": "企业开办"}
    notify([(user("applicant"), Message(Kind.CASE_ACCEPTED, "c9", params=params))])
    told = Notification.objects.get(kind=Kind.CASE_ACCEPTED)
    assert (told.title, told.body) == ("【受理】GX9", "张晓明：您的“企业开办”已受理。")
