"""Load of the service hall as its people use it: applicants, the window clerk and the five company set-up approvers.

Run by bench/load/run.py (`make load`) against gunicorn + PostgreSQL with the demo data. Any answer other than 2xx
is a failure: the clerk and each department have one user each, so no two people race for the same case.
"""

import itertools
import random

from locust import HttpUser, between, task
from scenario import APPLICANTS, MINIMAL_PDF, PASSWORD, approval, company_setup

APPLICANT_NAMES = itertools.cycle(APPLICANTS)
SEARCHES = ["营业执照", "公积金", "税务", "印章", "社会保险", "注销"]
COMPANY_SETUP = company_setup("洛阳压测智能科技有限公司")


class Person(HttpUser):
    """Logs in once for a bearer token, as the API's programs do."""

    abstract = True
    username = ""

    def on_start(self):
        response = self.client.post("/api/auth/token", json={"username": self.username, "password": PASSWORD})
        self.client.headers["Authorization"] = f"Bearer {response.json()['token']}"


class Applicant(Person):
    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self):
        self.username = next(APPLICANT_NAMES)
        super().on_start()

    @task(3)
    def browse_catalog(self):
        self.client.get("/catalog/", name="/catalog/ (page)")
        self.client.get(
            "/api/catalog/items", params={"q": random.choice(SEARCHES), "limit": 20}, name="/api/catalog/items?q"
        )
        self.client.get("/api/catalog/bundles/company-setup")

    @task(2)
    def apply_for_company_setup(self):
        case = self.client.post("/api/cases", json=COMPANY_SETUP).json()
        for material in case["materials"]:
            if not material["files"] and not material["certificate"]:
                self.client.post(
                    f"/api/cases/{case['id']}/materials",
                    data={"material": material["code"]},
                    files={"file": ("材料.pdf", MINIMAL_PDF, "application/pdf")},
                    name="/api/cases/[id]/materials",
                )
        self.client.post(f"/api/cases/{case['id']}/submit", name="/api/cases/[id]/submit")

    @task(2)
    def follow_own_cases(self):
        cases = self.client.get("/api/cases", params={"limit": 20}, name="/api/cases (own)").json()["items"]
        if cases:
            self.client.get(f"/api/cases/{random.choice(cases)['id']}", name="/api/cases/[id]")


class Clerk(Person):
    """The window accepts what was submitted, oldest first."""

    fixed_count = 1
    username = "window"
    wait_time = between(0.5, 1.5)

    @task
    def accept_submitted(self):
        queue = self.client.get("/api/cases", params={"status": "submitted", "limit": 200}, name="/api/cases?status")
        for case in reversed(queue.json()["items"][-5:]):
            self.client.post(
                f"/api/cases/{case['id']}/accept", json={"note": "材料齐全"}, name="/api/cases/[id]/accept"
            )


class Approver(Person):
    """A department approves the open tasks of its queue, most urgent first, with its step's result."""

    abstract = True
    fixed_count = 1
    wait_time = between(0.5, 1.5)

    @task
    def approve_queue(self):
        queue = self.client.get("/api/tasks").json()["items"]
        for item in [t for t in queue if t["status"] == "open"][:3]:
            self.client.post(
                f"/api/tasks/{item['id']}/approve", json=approval(self.username), name="/api/tasks/[id]/approve"
            )


class MarketRegulation(Approver):
    username = "amr"


class PublicSecurity(Approver):
    username = "police"


class Tax(Approver):
    username = "tax"


class SocialSecurity(Approver):
    username = "hrss"


class ProvidentFund(Approver):
    username = "hpf"
