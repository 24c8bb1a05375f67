"""The written decisions in a real browser: the clerk prints a walk-in's 受理通知书, the applicant downloads a 决定书
and opens its verification page; and the first page of each kind of document, rendered from its PDF, for the README."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from gaoxin.accounts.models import Department
from gaoxin.cases import actions
from gaoxin.cases.models import Case, TaskStatus
from gaoxin.documents.demo import load_demo_seals
from gaoxin.documents.files import signed_document_pdf
from gaoxin.documents.models import Document, DocumentKind
from tests.documents.test_issue import pdf_text
from tests.e2e.conftest import PHONE, SCREENSHOTS, screenshot
from tests.e2e.helpers import walk_in_withdrawal_decided
from tests.ratings.helpers import grant_open_tasks, submitted_case, user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_clerk_prints_the_acceptance_notice_of_a_walk_in(new_page, tmp_path):
    clerk = new_page("window")
    walk_in_withdrawal_decided(clerk, tmp_path)
    documents = clerk.get_by_role("region", name=re.compile("^文书"))
    notice = documents.get_by_role("listitem").filter(has_text="受理通知书")
    expect(notice).to_contain_text(re.compile(r"洛高审受〔\d{4}〕\d+号"))
    printed = clerk.request.get(notice.get_by_role("link", name="打印").get_attribute("href"))
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"
    assert printed.headers["content-disposition"].startswith("inline"), "opens in the browser's viewer to print"
    text = pdf_text(printed.body())
    assert "受理通知书" in text and "董女士" in text
    expect(documents.get_by_role("listitem").filter(has_text="准予行政许可决定书")).to_have_count(1)
    screenshot(clerk, "window-case-documents")


def test_the_applicant_downloads_a_decision_and_verifies_it(new_page):
    case = actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    grant_open_tasks(case)
    decision = Document.objects.get(case=case, kind="grant", task__department__code="amr")

    applicant = new_page("applicant", viewport=PHONE)
    applicant.goto(f"/portal/cases/{case.pk}/")
    row = (
        applicant.get_by_role("region", name=re.compile("^文书"))
        .get_by_role("listitem")
        .filter(has_text=decision.number)
    )
    with applicant.expect_download() as downloaded:
        row.get_by_role("link", name="下载 PDF").click()
    text = pdf_text(downloaded.value.path().read_bytes())
    assert decision.number.replace(" ", "") in text and "准予行政许可决定书" in text
    screenshot(applicant, "portal-case-documents-phone")

    row.get_by_role("link", name="核验").click()
    expect(applicant.get_by_role("status")).to_contain_text("有效")
    expect(applicant.get_by_text(decision.number).first).to_be_visible()
    screenshot(applicant, "document-verify-phone")


def test_the_first_page_of_each_kind_of_document():
    """Every kind made by the actions a person takes, each rendered from its PDF as the applicant receives it."""
    load_demo_seals()  # the police decide 公章刻制备案 under their own SM2 seal, as in the demo
    decided = actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    registration = decided.tasks.get(department__code="amr")
    extension = actions.task_extension_request(
        task=registration, approver=user("amr"), days=5, reason="需现场核查经营场所"
    )
    actions.task_extension_decide(extension=extension, head=user("amr-head"), approve=True)
    grant_open_tasks(decided, departments={"amr"})
    police = decided.tasks.get(department__code="police", status=TaskStatus.OPEN)
    actions.task_deny(task=police, approver=user("police"), reason="申请刻制的印章印文与企业名称不一致")
    grant_open_tasks(decided)

    refused = submitted_case(bundle="company-setup", name="李建国")
    actions.case_not_accept(case=refused, clerk=user("window"), reason="申请的企业名称与已登记企业名称相同")
    corrected = submitted_case(bundle="company-setup", name="王丽")
    materials = list(corrected.materials.select_related("material")[:3])
    reasons = ["缺少全体股东签字", "复印件不清晰，请提供原件扫描件", "租赁期限不足一年"]
    actions.case_request_corrections(
        case=corrected,
        clerk=user("window"),
        corrections={m.material.code: reason for m, reason in zip(materials, reasons, strict=True)},
    )

    assert Department.objects.filter(code="police").exists()
    for kind in DocumentKind.values:
        document = Document.objects.filter(kind=kind).order_by("issued_at").first()
        assert document is not None, kind
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"document-{kind}"
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", "-", str(target)],
            input=signed_document_pdf(document),
            check=True,
        )
        assert target.with_suffix(".png").stat().st_size > 10_000, kind
    assert Case.objects.filter(documents__kind="completion").count() == 1
