"""What the simulated people of `make load` and `make faults` send: the demo accounts and a company set-up case."""

import json
from pathlib import Path

PASSWORD = "gaoxin-demo"
APPLICANTS = ("applicant", "applicant2")
DEPARTMENTS = ("amr", "police", "tax", "hrss", "hpf")
# The same minimal real PDF the tests upload (tests/support/files.py).
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The catalog's filled-in examples (the tests use the same file): a complete company set-up form, and what each
# department records when it grants its step. The registration (amr) records none: its result is the license.
EXAMPLES = json.loads((Path(__file__).resolve().parents[2] / "gaoxin/catalog/data/examples.json").read_text("utf-8"))
STEP_RESULTS = {who: EXAMPLES["results"][item] for who, item in EXAMPLES["stage_two_of_company_setup"].items()}


def company_setup(company_name: str) -> dict:
    """The body of POST /api/cases for a company set-up case of the demo applicant 张晓明, with the complete form
    the bundle asks for (its form_fields: shareholders' contributions summing to the registered capital, seals …)."""
    return {
        "bundle": "company-setup",
        "applicant": {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"},
        "form": {**EXAMPLES["forms"]["company-setup"], "company_name": company_name},
    }


def approval(department: str) -> dict:
    """The body of POST /api/tasks/{id}/approve for the open task of this department (its code, as a user name)."""
    return {"note": "符合条件", "result": STEP_RESULTS.get(department, {})}
