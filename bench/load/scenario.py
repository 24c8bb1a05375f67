"""What the simulated people of `make load` and `make faults` send: the demo accounts and a company set-up case."""

PASSWORD = "gaoxin-demo"
APPLICANTS = ("applicant", "applicant2")
DEPARTMENTS = ("amr", "police", "tax", "hrss", "hpf")
# The same minimal real PDF the tests upload (tests/support/files.py).
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def company_setup(company_name: str) -> dict:
    """The body of POST /api/cases for a company set-up case of the demo applicant 张晓明."""
    return {
        "bundle": "company-setup",
        "applicant": {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"},
        "form": {"company_name": company_name, "registered_capital": "100万元"},
    }
