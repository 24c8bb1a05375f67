import pytest
from django.db import transaction

from gaoxin.accounts.models import User
from gaoxin.cases.actions import ApplicantDetails, case_create
from gaoxin.cases.models import Case, CaseStatus
from gaoxin.certificates.actions import license_issue_for_case
from gaoxin.certificates.signing import generate_private_key_pem

TEST_KEY_PEM = generate_private_key_pem()

COMPANY_FORM = {
    "company_name": "洛阳示例智能科技有限公司",
    "registered_capital": "100",
    "business_scope": "一般项目：人工智能应用软件开发；信息技术咨询服务；技术服务、技术开发、技术咨询、技术交流。",
    "address": "河南省洛阳市高新技术产业开发区丰华路 6 号",
}


@pytest.fixture(autouse=True)
def signing_key(settings):
    """Every test here signs with its own key, configured as production would (never a file in var/)."""
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": TEST_KEY_PEM, "SIGNING_KEY_DEV_FALLBACK": False}
    return TEST_KEY_PEM


@pytest.fixture
def make_license(db):
    """make_license(form=…) → a License for an approved company set-up case of the demo applicant.

    The case is created through its action and marked approved directly: the API flow to approval is covered
    once, in test_issue.py; the other tests need only a license."""

    def make(form=None, applicant="applicant"):
        user = User.objects.get(username=applicant)
        details = ApplicantDetails(
            kind="person",
            name=user.display_name,
            id_number=user.id_number,
            phone="13800000001",
            form=COMPANY_FORM if form is None else form,
        )
        case = case_create(actor=user, details=details, bundle_code="company-setup")
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
        case.refresh_from_db()
        with transaction.atomic():
            return license_issue_for_case(case=case, actor=User.objects.get(username="amr"))

    return make
