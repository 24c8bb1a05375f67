"""The applicant portal, driven through its forms: apply, upload, submit, follow, answer corrections, withdraw."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from gaoxin.accounts.models import User
from gaoxin.cases import actions
from gaoxin.cases.models import Case, CaseStatus, TaskStatus
from gaoxin.catalog.models import BundleStep
from tests.support.files import pdf, text_file
from tests.support.forms import COMPANY_FORM, DEREGISTRATION_FORM, form_post_data

pytestmark = pytest.mark.django_db

APPLY_COMPANY = "/portal/apply/bundle/company-setup/"
APPLICANT = {"kind": "person", "name": "张晓明", "id_number": "410305199003152014", "uscc": "", "phone": "13800000001"}
# The applicant's details and the whole company set-up form, as the apply page posts them (tables by row).
VALID = {**APPLICANT, **form_post_data(COMPANY_FORM)}


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def applicant(client):
    client.force_login(user("applicant"))
    return client


def apply(client, data=None, url=APPLY_COMPANY) -> Case:
    response = client.post(url, data or VALID)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert response["Location"] == f"/portal/cases/{case.pk}/"
    return case


def codes(case: Case) -> list[str]:
    return list(case.materials.order_by("id").values_list("material__code", flat=True))


def upload_all(client, case: Case) -> None:
    for code in codes(case):
        response = client.post(f"/portal/cases/{case.pk}/materials/{code}/", {"file": pdf()})
        assert response.status_code == 302, response.content.decode()[:2000]


def field_error(html: str, name: str) -> str:
    """The text of the error shown under a field, or '' if none."""
    match = re.search(rf'<div class="error" id="id_{name}_error">(.*?)</div>', html, re.S)
    return match.group(1).strip() if match else ""


def input_tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


# --- access ---------------------------------------------------------------------------------------


def test_urls_are_where_the_issue_says():
    assert reverse("portal") == "/portal/"
    assert reverse("portal-apply-bundle", args=["company-setup"]) == APPLY_COMPANY
    assert reverse("portal-apply-item", args=["AMR-REG-001"]) == "/portal/apply/item/AMR-REG-001/"


def test_the_portal_needs_a_login(client):
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/portal/")
    assert client.get(APPLY_COMPANY).status_code == 302


def test_staff_are_told_the_portal_is_for_applicants(client):
    client.force_login(user("window"))
    response = client.get("/portal/")
    assert response.status_code == 403 and "此页面供申请人使用" in response.content.decode()


# --- applying -------------------------------------------------------------------------------------


def test_the_form_has_a_label_for_every_field_and_is_prefilled_from_the_account(applicant):
    html = applicant.get(APPLY_COMPANY).content.decode()
    for name in (
        "name",
        "id_number",
        "uscc",
        "phone",
        "company_name",
        "company_type",
        "registered_capital",
        "business_scope",
        "address",
        "finance_officer_phone",
        "insured_count",
        "shareholders-0-name",
        "shareholders-0-id",
        "shareholders-0-amount",
        "shareholders-0-method",
        "shareholders-0-due_date",
        "seals-0-kind",
        "seals-0-quantity",
    ):
        assert f'<label for="id_{name}"' in html, name
    assert "股东及出资" in html and "刻制印章" in html and html.count("添加一行") == 2, "a button per table"
    assert "<legend" in html and "申请人类型" in html
    assert 'value="张晓明"' in html and 'value="410305199003152014"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "企业名称" in html and "注册资本" in html and "经营范围" in html and "住所" in html
    assert 'hx-post="/portal/apply/bundle/company-setup/check/id_number/"' in html


def test_applying_through_the_form_creates_a_draft_with_the_bundles_materials(applicant):
    case = apply(applicant)
    assert case.status == CaseStatus.DRAFT and case.applicant == user("applicant")
    assert case.bundle.code == "company-setup"
    assert case.form == COMPANY_FORM, "every row of both tables, the numbers as numbers"
    assert "business_license" not in codes(case)
    page = applicant.get(f"/portal/cases/{case.pk}/").content.decode()
    assert case.number in page and "草稿" in page
    assert "已创建办件" in page, "the message after creating"
    assert "洛阳示例智能科技有限公司" in page and "注册资本（万元）" in page
    assert page.count('enctype="multipart/form-data"') == len(codes(case)), "one upload form per material"


def test_a_wrong_uscc_is_shown_next_to_its_field_and_nothing_typed_is_lost(applicant):
    data = {**VALID, "kind": "enterprise", "name": "洛阳示例科技有限公司", "uscc": "91110000710926094X"}
    response = applicant.post(APPLY_COMPANY, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error(html, "uscc") == "校验码错误：应为P，实际为X"
    tag = input_tag(html, "uscc")
    assert 'aria-invalid="true"' in tag and "id_uscc_error" in tag and 'value="91110000710926094X"' in tag
    assert 'value="洛阳示例科技有限公司"' in html
    assert 'value="洛阳示例智能科技有限公司"' in html and 'value="100"' in html
    assert f"{COMPANY_FORM['business_scope']}</textarea>" in html
    assert 'name="shareholders-1-name" value="洛阳某某投资有限公司"' in html, "the table's rows are kept too"
    assert 'value="enterprise" id="id_kind_1" checked' in html or re.search(r'value="enterprise"[^>]*checked', html)
    assert 'href="#id_uscc"' in html, "the error summary links to the field"
    assert not Case.objects.exists()


def test_an_enterprise_needs_a_uscc_and_a_person_a_resident_id(applicant):
    html = applicant.post(APPLY_COMPANY, {**VALID, "kind": "enterprise", "uscc": ""}).content.decode()
    assert field_error(html, "uscc") == "请输入统一社会信用代码"
    html = applicant.post(APPLY_COMPANY, {**VALID, "id_number": "410305199003152015"}).content.decode()
    assert field_error(html, "id_number") == "校验码错误：应为4，实际为5"


def test_an_enterprise_applies_with_its_uscc(applicant):
    case = apply(applicant, {**VALID, "kind": "enterprise", "uscc": "91110000710926094p", "id_number": ""})
    assert case.applicant_kind == "enterprise" and case.applicant_uscc == "91110000710926094P"


def test_the_bundles_own_fields_and_the_phone_are_checked(applicant):
    data = {**VALID, "company_name": "", "registered_capital": "-5", "phone": "12345"}
    html = applicant.post(APPLY_COMPANY, data).content.decode()
    assert field_error(html, "company_name")
    assert field_error(html, "registered_capital")
    assert "手机号码" in field_error(html, "phone")
    assert 'value="-5"' in html


def test_a_wrong_cell_of_a_table_is_shown_next_to_it(applicant):
    data = {**VALID, "shareholders-1-id": "91410300MA44FUTP0B", "seals-0-quantity": "9"}
    response = applicant.post(APPLY_COMPANY, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "校验码" in field_error(html, "shareholders-1-id")
    assert field_error(html, "seals-0-quantity") == "应在 1 到 3 之间"
    assert field_error(html, "shareholders-0-id") == "", "the right cells are not marked"
    assert 'aria-invalid="true" aria-describedby="id_shareholders-1-id_error"' in html
    assert "申请表中有需要修改的内容" in html
    assert not Case.objects.exists()


def test_a_row_added_in_the_page_is_a_row_of_the_form(applicant):
    third = {"name": "李四", "id": "11010519491231002X", "amount": "20", "method": "货币", "due_date": "2031-06-30"}
    shareholders = [*COMPANY_FORM["shareholders"], third]
    form = {**COMPANY_FORM, "shareholders": shareholders, "registered_capital": "120"}
    case = apply(applicant, {**APPLICANT, **form_post_data(form)})
    assert case.form["shareholders"][2] == third and case.form["registered_capital"] == "120"


def test_an_action_error_lands_next_to_its_field(applicant, monkeypatch):
    """A DomainError from case_create (field "applicant.name") is shown under the name field."""
    from gaoxin.core.errors import DomainError

    def refuse(**kwargs):
        raise DomainError("请填写申请人姓名或名称", field="applicant.name")

    monkeypatch.setattr(actions, "case_create", refuse)
    html = applicant.post(APPLY_COMPANY, VALID).content.decode()
    assert field_error(html, "name") == "请填写申请人姓名或名称"


def test_inline_check_renders_the_fields_error_or_an_ok_note(applicant):
    url = "/portal/apply/bundle/company-setup/check/id_number/"
    wrong = applicant.post(url, {**VALID, "id_number": "410305199003152015"}, headers={"HX-Request": "true"})
    html = wrong.content.decode()
    assert wrong.status_code == 200 and "<html" not in html
    assert 'id="field-id_number"' in html and field_error(html, "id_number") == "校验码错误：应为4，实际为5"
    assert 'aria-invalid="true"' in input_tag(html, "id_number")
    assert 'hx-swap-oob="innerHTML:#check-status"' in html
    right = applicant.post(url, VALID, headers={"HX-Request": "true"}).content.decode()
    assert "号码有效：河南省" in right and "aria-invalid" not in input_tag(right, "id_number")
    uscc = "/portal/apply/bundle/company-setup/check/uscc/"
    html = applicant.post(uscc, {**VALID, "kind": "enterprise", "uscc": "91110000710926094X"}).content.decode()
    assert field_error(html, "uscc") == "校验码错误：应为P，实际为X"
    html = applicant.post(uscc, {**VALID, "kind": "enterprise", "uscc": "91110000710926094P"}).content.decode()
    assert "代码有效：工商登记 · 企业" in html
    empty = applicant.post(uscc, {**VALID, "kind": "enterprise", "uscc": ""}).content.decode()
    assert field_error(empty, "uscc") == "", "passing through an empty field is not an error yet"
    assert applicant.post("/portal/apply/bundle/company-setup/check/password/", VALID).status_code == 404
    assert applicant.get(url).status_code == 405


def test_optional_steps_are_chosen_on_the_form(applicant):
    steps = list(BundleStep.objects.filter(stage__bundle__code="simple-deregistration", optional=True))
    url = "/portal/apply/bundle/simple-deregistration/"
    html = applicant.get(url).content.decode()
    for step in steps:
        assert f'value="{step.pk}"' in html and step.item.name in html
    company = {"kind": "enterprise", "name": "洛阳丰华工业软件有限公司", "uscc": "91410300MA49F2WH6T"}
    data = {**APPLICANT, **company, **form_post_data(DEREGISTRATION_FORM), "optional_steps": [steps[0].pk]}
    case = apply(applicant, data, url)
    assert list(case.chosen_steps.all()) == [steps[0]]


def test_applying_for_a_single_item(applicant):
    url = "/portal/apply/item/HPF-0030/"
    html = applicant.get(url).content.decode()
    assert "申请事项说明" in html and "optional_steps" not in html
    case = apply(applicant, {**APPLICANT, "note": "用于办理贷款"}, url)
    assert case.item.code == "HPF-0030" and case.form == {"note": "用于办理贷款"}


def test_an_item_not_online_has_no_form(applicant):
    from gaoxin.catalog.models import ServiceItem

    item = ServiceItem.objects.filter(online=False).first()
    html = applicant.get(f"/portal/apply/item/{item.code}/").content.decode()
    assert "暂不支持网上申请" in html and "<form class" not in html.split("<main", 1)[1]


def test_unknown_targets_are_404(applicant):
    assert applicant.get("/portal/apply/bundle/nope/").status_code == 404
    assert applicant.get("/portal/apply/item/NOPE/").status_code == 404


# --- materials and submission ---------------------------------------------------------------------


def test_upload_each_material_once_then_submit(applicant):
    case = apply(applicant)
    response = applicant.post(f"/portal/cases/{case.pk}/submit/")
    assert response.status_code == 400
    assert "以下材料尚未提交或尚待补正" in response.content.decode(), "the missing materials are named"
    upload_all(applicant, case)
    page = applicant.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "材料已齐全，可以提交" in page
    response = applicant.post(f"/portal/cases/{case.pk}/submit/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    page = applicant.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "已提交，请等待综合窗口受理" in page and "已提交待受理" in page
    assert "提交申请" in page and 'action="/portal/cases/' not in page.split("申请材料", 1)[1].split("办理记录")[0], (
        "no upload or submit forms once submitted"
    )


def test_htmx_upload_swaps_the_materials_section(applicant):
    case = apply(applicant)
    code = codes(case)[0]
    response = applicant.post(
        f"/portal/cases/{case.pk}/materials/{code}/", {"file": pdf("章程.pdf")}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="case-materials"' in html and "已上传" in html and "章程.pdf" in html
    assert re.search(r'id="case-timeline"[^>]*hx-swap-oob="true"', html), "the timeline is refreshed out of band"
    assert re.search(r'id="case-callout"[^>]*hx-swap-oob="true"', html), "so is the callout"
    assert "需提交 9 项，您实际上传 1 项" in html


def test_a_bad_file_is_refused_next_to_its_material(applicant):
    case = apply(applicant)
    code = codes(case)[0]
    url = f"/portal/cases/{case.pk}/materials/{code}/"
    response = applicant.post(url, {"file": text_file()})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="file-{code}-error">文件类型不支持' in html
    assert f'aria-invalid="true" aria-describedby="file-{code}-error"' in html
    htmx = applicant.post(url, {"file": text_file()}, headers={"HX-Request": "true"}).content.decode()
    assert f'id="file-{code}-error">文件类型不支持' in htmx
    missing = applicant.post(url, {}).content.decode()
    assert f'id="file-{code}-error">请选择要上传的文件' in missing
    assert applicant.post(f"/portal/cases/{case.pk}/materials/not-asked/", {"file": pdf()}).status_code == 404


def test_my_cases_lists_status_deadline_and_sla(applicant):
    case = apply(applicant)
    upload_all(applicant, case)
    applicant.post(f"/portal/cases/{case.pk}/submit/")
    actions.case_accept(case=case, clerk=user("window"))
    html = applicant.get("/portal/").content.decode()
    assert case.number in html and "企业开办一件事" in html
    assert '<span class="badge in_review">已受理审批中</span>' in html
    case.refresh_from_db()
    from django.utils import timezone

    assert timezone.localtime(case.deadline).strftime("%Y-%m-%d %H:%M") in html
    assert re.search(r'<span class="badge (on_time|warning|overdue)">(正常|预警|超期)</span>', html)


def test_another_applicant_gets_404_everywhere(applicant):
    case = apply(applicant)
    client = Client()
    client.force_login(user("applicant2"))
    base = f"/portal/cases/{case.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}materials/{codes(case)[0]}/", {"file": pdf()}).status_code == 404
    assert client.post(f"{base}submit/").status_code == 404
    assert client.get(f"{base}withdraw/").status_code == 404
    assert client.post(f"{base}withdraw/", {"reason": "不要了"}).status_code == 404
    assert case.number not in client.get("/portal/").content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_the_case_page_shows_progress_timeline_and_deadline(applicant):
    case = apply(applicant)
    upload_all(applicant, case)
    applicant.post(f"/portal/cases/{case.pk}/submit/")
    actions.case_accept(case=case, clerk=user("window"))
    html = applicant.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "办理进度" in html and "洛阳高新区市场监督管理局" in html and "企业设立登记" in html
    assert "办理记录" in html and "创建申请" in html and "窗口受理" in html
    assert "承诺时限" in html and re.search(r"badge (on_time|warning|overdue)", html)


def test_the_case_page_costs_a_fixed_number_of_queries(applicant, django_assert_max_num_queries):
    case = apply(applicant)
    upload_all(applicant, case)
    with django_assert_max_num_queries(20):
        applicant.get(f"/portal/cases/{case.pk}/")


# --- withdrawing ----------------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_and_a_reason(applicant):
    case = apply(applicant)
    page = applicant.get(f"/portal/cases/{case.pk}/withdraw/").content.decode()
    assert "确认撤回" in page and '<label for="id_reason"' in page
    refused = applicant.post(f"/portal/cases/{case.pk}/withdraw/", {"reason": "  "})
    assert refused.status_code == 400 and field_error(refused.content.decode(), "reason")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT
    done = applicant.post(f"/portal/cases/{case.pk}/withdraw/", {"reason": "信息填写有误，将重新申请"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    page = applicant.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "已撤回" in page and "信息填写有误，将重新申请" in page
    assert "撤回申请…" not in page
    again = applicant.get(f"/portal/cases/{case.pk}/withdraw/").content.decode()
    assert "不能撤回" in again and "确认撤回" not in again


def test_withdraw_while_in_review_closes_the_department_tasks(applicant):
    case = apply(applicant)
    upload_all(applicant, case)
    applicant.post(f"/portal/cases/{case.pk}/submit/")
    actions.case_accept(case=case, clerk=user("window"))
    applicant.post(f"/portal/cases/{case.pk}/withdraw/", {"reason": "不再需要"})
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert set(case.tasks.values_list("status", flat=True)) == {TaskStatus.CLOSED}


# --- answering the window and the departments -----------------------------------------------------


def test_a_correction_round_is_answered_through_the_page(applicant):
    case = apply(applicant)
    upload_all(applicant, case)
    applicant.post(f"/portal/cases/{case.pk}/submit/")
    flagged = codes(case)[:2]
    reasons = {flagged[0]: "请提供加盖公章的清晰扫描件", flagged[1]: "须全体股东签字"}
    actions.case_request_corrections(case=case, clerk=user("window"), corrections=reasons, note="其余材料齐全")
    home = applicant.get("/portal/").content.decode()
    assert re.search(r'href="/portal/"[^>]*>我的办件 <span class="count"[^>]*>1</span>', home), "nav count"
    assert "待您处理" in home
    page = applicant.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "需要您补正材料" in page and "窗口意见：其余材料齐全" in page
    callout = page[page.index('id="case-callout"') : page.index('id="case-materials"')]
    for code, reason in reasons.items():
        name = case.materials.get(material__code=code).material.name
        assert f'<a href="#material-{code}">{name}</a>：{reason}</li>' in callout, "each material with its own reason"
        row = page[page.index(f'id="material-{code}"') :]
        assert f"补正说明：{reason}" in row[: row.index("</tr>")], "and again in its own row of the materials"
    assert page.count("需补正</span>") == 2
    assert "补正完毕，重新提交" in page
    # Resubmitting before answering is refused with the names of what is still flagged.
    refused = applicant.post(f"/portal/cases/{case.pk}/submit/")
    assert refused.status_code == 400 and "尚待补正" in refused.content.decode()
    for code in flagged:
        applicant.post(f"/portal/cases/{case.pk}/materials/{code}/", {"file": pdf("清晰件.pdf")})
    assert applicant.post(f"/portal/cases/{case.pk}/submit/").status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert not case.materials.filter(needs_correction=True).exists()
    assert "待您补正" not in applicant.get("/portal/").content.decode()


def test_a_departments_return_is_answered_and_the_review_resumes(applicant):
    case = apply(applicant)
    upload_all(applicant, case)
    applicant.post(f"/portal/cases/{case.pk}/submit/")
    actions.case_accept(case=case, clerk=user("window"))
    task = case.tasks.get(department__code="amr")
    code = codes(case)[1]
    actions.task_return(
        task=task, approver=user("amr"), reason="章程需全体股东签字", corrections={code: "须全体股东签字"}
    )
    page = applicant.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "部门退回，需要您补充材料" in page and "章程需全体股东签字" in page
    name = case.materials.get(material__code=code).material.name
    assert f'<a href="#material-{code}">{name}</a>：须全体股东签字</li>' in page, "the material with its own reason"
    assert "补充完毕，重新提交" in page
    applicant.post(f"/portal/cases/{case.pk}/materials/{code}/", {"file": pdf("签字版章程.pdf")})
    assert applicant.post(f"/portal/cases/{case.pk}/submit/").status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert case.tasks.get(department__code="amr").status == TaskStatus.OPEN
    assert "已重新提交" in applicant.get(f"/portal/cases/{case.pk}/").content.decode()
