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
# What each department records when it grants its company set-up step (the step's result_fields in
# gaoxin/catalog/data/bundles.json; the same as tests/support/forms.py). The registration (amr) records none: its
# result is the license the application issues.
STEP_RESULTS = {
    "police": {
        "seals": [{"kind": "公章", "number": "4103050000001"}, {"kind": "财务专用章", "number": "4103050000002"}]
    },
    "tax": {"tax_authority": "国家税务总局洛阳高新技术产业开发区税务局", "taxpayer_kind": "小规模纳税人"},
    "hrss": {"social_security_number": "410300123456"},
    "hpf": {"hpf_account": "410300000001"},
}


def company_setup(company_name: str) -> dict:
    """The body of POST /api/cases for a company set-up case of the demo applicant 张晓明, with the complete form
    the bundle asks for (its form_fields: shareholders' contributions summing to the registered capital, seals …)."""
    return {
        "bundle": "company-setup",
        "applicant": {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"},
        "form": {
            "company_name": company_name,
            "company_type": "有限责任公司（自然人投资或控股）",
            "legal_representative": "张晓明",
            "legal_representative_id": "11010519491231002X",
            "shareholders": [
                {
                    "name": "张晓明",
                    "id": "11010519491231002X",
                    "amount": "60",
                    "method": "货币",
                    "due_date": "2030-12-31",
                },
                {
                    "name": "洛阳某某投资有限公司",
                    "id": "91410300MA44FUTP0T",
                    "amount": "40",
                    "method": "货币",
                    "due_date": "2030-12-31",
                },
            ],
            "registered_capital": "100",
            "business_scope": "一般项目：人工智能应用软件开发；信息技术咨询服务；技术服务、技术开发、技术咨询。",
            "address": "河南省洛阳市高新技术产业开发区丰华路 6 号",
            "finance_officer": "李会计",
            "finance_officer_phone": "13800000002",
            "tax_agent": "王办税",
            "tax_agent_phone": "13800000003",
            "seals": [{"kind": "公章", "quantity": 1}, {"kind": "财务专用章", "quantity": 1}],
            "insured_count": 5,
        },
    }


def approval(department: str) -> dict:
    """The body of POST /api/tasks/{id}/approve for the open task of this department (its code, as a user name)."""
    return {"note": "符合条件", "result": STEP_RESULTS.get(department, {})}
