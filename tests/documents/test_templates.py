"""Templates are data the system administrator edits: an unknown placeholder is refused by name, and an edit
changes the next document only (an issued one keeps, and still verifies with, the text it was issued with)."""

import pytest

from gaoxin.cases import actions as case_actions
from gaoxin.core.errors import FieldErrors, Forbidden
from gaoxin.documents import actions, rules
from gaoxin.documents.models import Document, DocumentTemplate
from gaoxin.documents.templates import default_template, default_templates
from gaoxin.documents.verification import document_check
from tests.ratings.helpers import submitted_case, user

pytestmark = pytest.mark.django_db


def accepted_notice() -> Document:
    case = case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    return Document.objects.get(case=case, kind="acceptance")


def test_the_shipped_templates_use_only_known_placeholders():
    for kind, template in default_templates().items():
        assert rules.template_problems(kind, template["body"], template["closing"]) == [], kind


def test_a_template_with_an_unknown_placeholder_is_refused_with_its_name():
    template = default_template("acceptance")
    template.body += "\n请于{补正期限}前来领取。"
    with pytest.raises(FieldErrors) as refused:
        actions.template_save(template=template, actor=user("admin"))
    assert "{补正期限}" in refused.value.errors["body"]
    assert not DocumentTemplate.objects.exists(), "nothing saved"


def test_an_unbalanced_brace_is_refused():
    template = default_template("refusal")
    template.closing = "如不服{复议机关"
    with pytest.raises(FieldErrors, match="花括号"):
        actions.template_save(template=template, actor=user("admin"))


def test_only_the_system_administrator_edits_templates():
    with pytest.raises(Forbidden):
        actions.template_save(template=default_template("grant"), actor=user("window"))


def test_an_edit_changes_the_next_document_only():
    before = accepted_notice()
    template = default_template("acceptance")
    template.title = "受理决定通知书"
    template.closing = "咨询电话：12345。请{申请人}留意短信通知。"
    actions.template_save(template=template, actor=user("admin"))

    after = accepted_notice()
    assert after.title == "受理决定通知书" and "请张晓明留意短信通知" in after.payload
    before.refresh_from_db()
    assert before.title == "受理通知书" and "12345" not in before.payload
    assert document_check(before).state == "valid"


def test_the_admin_form_names_the_unknown_placeholder(client):
    client.force_login(user("admin"))
    template = default_template("denial")
    response = client.post(
        "/admin/documents/documenttemplate/add/",
        {
            "kind": "denial",
            "title": template.title,
            "number_word": template.number_word,
            "body": template.body + "\n{听证}",
            "closing": template.closing,
        },
    )
    assert response.status_code == 200 and "未知的占位符 {听证}" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
