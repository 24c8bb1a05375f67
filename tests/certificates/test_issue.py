"""Granting a company set-up's registration step issues the integrated license, its enterprise and a new USCC;
each later granted step adds what it integrates."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from gaoxin.accounts.models import User
from gaoxin.cases.actions import ApplicantDetails, case_create
from gaoxin.cases.models import Case, CaseStatus
from gaoxin.certificates.actions import license_issue_for_case, license_revoke
from gaoxin.certificates.models import License
from gaoxin.certificates.uscc import organization_code_check_character
from gaoxin.certificates.verification import license_check
from gaoxin.core.models import AuditEvent
from gaoxin.documents.crypto import load_private_key_pem
from gaoxin.documents.signing import canonical_json, verify_b64
from gaoxin.economy.models import Enterprise, EnterpriseStatus
from gaoxin.identity.validators import check_uscc
from tests.cases.test_api_flow import COMPANY_SETUP, PARALLEL_DEPARTMENTS, approve_own_task, create_and_fill
from tests.ratings.helpers import grant_open_tasks
from tests.support.forms import HPF_WITHDRAWAL_FORM, company_form


def approve_through_the_api(api, payload=COMPANY_SETUP) -> str:
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant, payload)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept")
    assert not License.objects.filter(case_id=case["id"]).exists(), "no license before the registration is granted"
    registration = approve_own_task(api("amr"), case["id"])
    license = License.objects.get(case_id=case["id"])
    assert registration["result"]["license_number"] == license.number and registration["result"]["uscc"] == license.uscc
    assert len(license.integrated) == 3, "the registration's own: license, organization code, statistics"
    for department in PARALLEL_DEPARTMENTS:
        approve_own_task(api(department), case["id"])
    assert applicant.get(f"/api/cases/{case['id']}").json()["status"] == "approved"
    return case["id"]


def test_a_company_set_up_case_approved_through_the_api_gets_a_license_and_an_enterprise(api, signing_key):
    payload = {
        **COMPANY_SETUP,
        "form": {
            **COMPANY_SETUP["form"],
            "address": "河南省洛阳市高新技术产业开发区滨河北路 88 号",
            "business_scope": "软件开发；信息系统集成服务",
        },
    }
    case_id = approve_through_the_api(api, payload)
    license = License.objects.select_related("enterprise", "case").get(case_id=case_id)
    enterprise = license.enterprise

    checked = check_uscc(license.uscc)
    assert checked.valid and license.uscc.startswith("91410371")
    organization = checked.parts["organization_code"]
    assert organization[8] == organization_code_check_character(organization[:8])

    assert enterprise.uscc == license.uscc and enterprise.source_case_id == license.case_id
    assert enterprise.name == license.name == "洛阳示例智能科技有限公司"
    assert enterprise.legal_representative == "张晓明"
    assert enterprise.registered_capital == Decimal("100.00"), "the form's 注册资本 is in 万元"
    assert enterprise.address == "河南省洛阳市高新技术产业开发区滨河北路 88 号"
    assert enterprise.business_scope == "软件开发；信息系统集成服务"
    assert enterprise.status == EnterpriseStatus.ACTIVE
    assert license.established_on == enterprise.established_on
    assert license.company_type == "有限责任公司（自然人投资或控股）"
    assert license.authority == "洛阳高新技术产业开发区市场监督管理局"
    assert license.number.startswith("GXZZ")

    assert len(license.integrated) == 8, "八证合一: what the five granted steps integrate"
    assert license.integrated[0]["name"] == "营业执照"
    departments = {c["department"] for c in license.integrated}
    assert {"公安机关", "税务机关", "人力资源社会保障部门", "住房公积金管理中心"} <= departments
    assert not {"海关", "中国人民银行", "商务主管部门"} & departments, "no filing the company never asked for"

    public = load_private_key_pem(signing_key).public_key()
    assert verify_b64(public, license.payload.encode(), license.signature)
    assert license.payload == canonical_json(json.loads(license.payload)), "stored exactly as signed"
    assert license_check(license).state == "valid"

    events = AuditEvent.objects.filter(subject_type="license", subject_id=str(license.pk)).order_by("id")
    assert [(e.action, e.actor.username) for e in events] == [
        ("issue", "amr"),
        *(("integrate", department) for department in PARALLEL_DEPARTMENTS),
    ], "issued at the registration, signed again by each step that adds to it"
    assert AuditEvent.objects.filter(subject_type="enterprise", subject_id=str(enterprise.pk)).count() == 1
    call_command("audit_verify")


def test_a_case_whose_plan_issues_no_business_license_gets_none(api):
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(
        applicant,
        {
            "bundle": "hpf-withdrawal",
            "applicant": {"kind": "person", "name": "董女士", "id_number": "11010519491231002X"},
            "form": HPF_WITHDRAWAL_FORM,
        },
    )
    applicant.post(f"/api/cases/{case['id']}/submit")
    assert window.post(f"/api/cases/{case['id']}/accept").json()["status"] == "approved"
    assert not License.objects.exists()


def _approved_case(form):
    """A company set-up case marked approved directly, whose stored form is `form`: the forms of cases made before
    the bundle's form was checked (or edited since) are still read as well as can be."""
    user = User.objects.get(username="applicant")
    details = ApplicantDetails(kind="person", name="张晓明", id_number=user.id_number, form=company_form())
    case = case_create(actor=user, details=details, bundle_code="company-setup")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED, form=form)
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_missing_optional_fields_are_tolerated_and_a_missing_company_name_issues_nothing():
    amr = User.objects.get(username="amr")
    with transaction.atomic():
        license = license_issue_for_case(case=_approved_case({"company_name": "洛阳极简有限公司"}), actor=amr)
    assert license.registered_capital is None and license.address == "" and license.business_scope == ""
    assert license.integrated == [], "a case with no granted step integrates nothing"
    assert license_check(license).state == "valid"
    with transaction.atomic():
        assert license_issue_for_case(case=_approved_case({"note": "无企业名称"}), actor=amr) is None
    assert Enterprise.objects.filter(source_case__isnull=False).count() == 1  # the demo register holds others


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("100", "100.00"),
        ("1,000万", "1000.00"),
        ("人民币 50.5 万元", "50.50"),
        (30, "30.00"),
        ("一百万", None),
        ("-5", None),
    ],
)
def test_registered_capital_is_read_from_what_people_type(typed, stored):
    with transaction.atomic():
        license = license_issue_for_case(
            case=_approved_case({"company_name": "洛阳资本测试有限公司", "registered_capital": typed}),
            actor=User.objects.get(username="amr"),
        )
    assert license.registered_capital == (Decimal(stored) if stored else None)


@pytest.mark.django_db
def test_the_registered_capital_of_a_checked_form_is_the_license_s(make_license):
    shareholders = [
        {"name": "张晓明", "id": "11010519491231002X", "amount": "12.50", "method": "货币", "due_date": "2030-12-31"}
    ]
    license = make_license(form=company_form(shareholders=shareholders, registered_capital="12.50"))
    assert license.case.form["registered_capital"] == "12.5", "stored cleaned"
    assert license.registered_capital == Decimal("12.50")


@pytest.mark.django_db
def test_issuing_twice_returns_the_same_license_which_comes_with_the_registration_not_the_case_s_end(make_license):
    license = make_license(granted={"amr"})
    assert license.case.status == CaseStatus.IN_REVIEW, "the four stage-2 steps are still open"
    assert [c["code"] for c in license.integrated] == [
        "business_license",
        "organization_code",
        "statistics_registration",
    ]
    with transaction.atomic():
        assert license_issue_for_case(case=license.case, actor=license.issued_by) == license
    assert License.objects.count() == 1
    case = _approved_case({"company_name": "洛阳未办结有限公司"})
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.IN_REVIEW)
    case.refresh_from_db()
    with transaction.atomic():
        issued = license_issue_for_case(case=case, actor=license.issued_by)
    assert issued.case == case and issued.integrated == [], "whatever the status: the caller decides when to issue"


@pytest.mark.django_db
def test_license_numbers_count_up_within_the_year(make_license):
    first, second = make_license(), make_license()
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    assert first.uscc != second.uscc


@pytest.mark.django_db
def test_a_revoked_license_is_not_signed_again_when_later_steps_are_granted(make_license):
    license = make_license(granted={"amr"})
    license = license_revoke(license=license, actor=User.objects.get(username="admin"), reason="提交虚假材料取得登记")
    grant_open_tasks(license.case)
    license.refresh_from_db()
    assert license.case.status == CaseStatus.APPROVED
    assert len(license.integrated) == 3 and license_check(license).state == "revoked"
    events = AuditEvent.objects.filter(subject_type="license", subject_id=str(license.pk))
    assert sorted(events.values_list("action", flat=True)) == ["issue", "revoke"]
