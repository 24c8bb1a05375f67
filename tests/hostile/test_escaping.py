"""Markup typed into any text field is shown as text: written through the API as the people who may write it,
then read on every page that shows it, as the people who see it. Also the license PDF, whose Paragraphs would
otherwise read the markup as their own."""

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from gaoxin.accounts.models import User
from gaoxin.certificates.pdf import license_pdf
from gaoxin.ratings.models import Rectification
from tests.certificates.conftest import make_license, signing_key  # noqa: F401  (fixtures used below)
from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, company_form

pytestmark = pytest.mark.django_db

PAYLOAD = "\"'><script>alert(1)</script><b>x</b><img src=x onerror=alert(2)>"
# Pieces only the payload can bring: the page's own markup has quotes before ">" everywhere.
RAW_FRAGMENTS = ("'><script>", "<script>alert(1)", "<b>x</b>", "<img src=x onerror")


def as_page(client, username: str, url: str) -> str:
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response.content.decode()


def assert_shown_escaped(html: str, where: str) -> None:
    for fragment in RAW_FRAGMENTS:
        assert fragment not in html, f"{where}: {fragment!r} reached the page unescaped"
    assert escape("<script>alert(1)</script>") in html, f"{where}: the text itself is not shown"


def test_case_texts_are_escaped_on_every_page_that_shows_them(api, client):
    applicant, window, amr = api("applicant"), api("window"), api("amr")
    created = applicant.post(
        "/api/cases",
        {
            "bundle": "company-setup",
            "applicant": {"kind": "person", "name": PAYLOAD, "id_number": "11010519491231002X", "phone": "13800000001"},
            "form": company_form(
                company_name=PAYLOAD,
                business_scope=PAYLOAD,
                address=PAYLOAD,
                shareholders=[{**COMPANY_FORM["shareholders"][0], "name": PAYLOAD, "amount": "100"}],
            ),
        },
    )
    assert created.status_code == 201, created.json()
    case = created.json()
    case_id = case["id"]
    for material in case["materials"]:
        assert applicant.upload(f"/api/cases/{case_id}/materials", material["code"], pdf()).status_code == 201
    assert applicant.post(f"/api/cases/{case_id}/submit").status_code == 200
    assert_shown_escaped(as_page(client, "window", reverse("window-queue")), "the window's queue")
    first = case["materials"][0]["code"]
    corrections = window.post(
        f"/api/cases/{case_id}/request-corrections",
        {"materials": [{"code": first, "reason": PAYLOAD}], "note": PAYLOAD},
    )
    assert corrections.status_code == 200, corrections.json()

    for username, url in [
        ("applicant", reverse("portal-case", args=[case_id])),
        ("window", reverse("window-case", args=[case_id])),
        ("leader", reverse("leader-case", args=[case_id])),
    ]:
        assert_shown_escaped(as_page(client, username, url), f"{username} {url}")

    applicant.upload(f"/api/cases/{case_id}/materials", first, pdf())
    assert applicant.post(f"/api/cases/{case_id}/submit").status_code == 200
    assert window.post(f"/api/cases/{case_id}/accept", {"note": PAYLOAD}).status_code == 200
    task = next(t for t in amr.get("/api/tasks").json()["items"] if t["case_id"] == case_id)
    assert amr.post(f"/api/tasks/{task['id']}/deny", {"reason": PAYLOAD}).status_code == 200
    rated = applicant.post(f"/api/ratings/cases/{case_id}", {"level": 1, "comment": PAYLOAD})
    assert rated.status_code == 201, rated.json()
    rectification = Rectification.objects.get(rating__case_id=case_id)
    assert amr.post(f"/api/ratings/rectifications/{rectification.pk}/callback", {"note": PAYLOAD}).status_code == 200

    for username, url in [
        ("applicant", reverse("portal-case", args=[case_id])),
        ("window", reverse("window-case", args=[case_id])),
        ("leader", reverse("leader-case", args=[case_id])),
        ("amr", reverse("desk-task", args=[task["id"]])),
        ("amr", reverse("rectifications")),
        ("amr", reverse("rectification", args=[rectification.pk])),
        ("leader", reverse("rectification", args=[rectification.pk])),
    ]:
        assert_shown_escaped(as_page(client, username, url), f"{username} {url}")


def test_project_texts_are_escaped_on_every_page_that_shows_them(api, client):
    officer = api("officer")
    registered = officer.post(
        "/api/projects",
        {
            "code": "XSS-1",
            "name": PAYLOAD,
            "level": "zone",
            "category": "manufacturing",
            "owner": PAYLOAD,
            "location": PAYLOAD,
            "description": PAYLOAD,
            "total_investment": "12000",
            "build_kind": "new",
            "stage": "construction",
            "planned_start": "2021-03-01",
            "actual_start": "2021-03-10",
        },
    )
    assert registered.status_code == 201, registered.json()
    project_id = registered.json()["id"]
    today = timezone.localdate()
    steps = [
        (f"/api/projects/{project_id}/milestones", {"name": PAYLOAD, "planned_date": "2021-01-31", "note": PAYLOAD}),
        (f"/api/projects/{project_id}/requests", {"kind": "power", "description": PAYLOAD}),
        (
            f"/api/projects/{project_id}/reports",
            {"year": today.year, "month": today.month, "invested": "1", "progress": PAYLOAD},
        ),
    ]
    for path, body in steps:
        answer = officer.post(path, body)
        assert answer.status_code in (200, 201), (path, answer.json())
    request_id = next(r["id"] for r in officer.get("/api/projects/requests").json() if r["project_id"] == project_id)

    for username, url in [
        ("officer", reverse("projects-register") + "?q=XSS-1"),
        ("officer", reverse("projects-project", args=[project_id])),
        ("leader", reverse("projects-project", args=[project_id])),
        ("leader", reverse("projects-board")),
        ("officer", reverse("projects-requests")),
        ("officer", reverse("projects-request", args=[request_id])),
    ]:
        assert_shown_escaped(as_page(client, username, url), f"{username} {url}")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_license_pdf_prints_markup_as_text(make_license):  # noqa: F811
    """reportlab's Paragraph reads <b>, <font>, <a> as markup (and fails on <script>): the license escapes them."""
    markup = "<b>粗</b><script>x</script>&amp;"
    license = make_license(
        form=company_form(company_name=f"洛阳{markup}科技有限公司", business_scope=markup, address=markup)
    )
    data = license_pdf(license)
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    assert markup in flat, flat
