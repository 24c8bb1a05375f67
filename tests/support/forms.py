"""A complete company set-up form (企业开办), the results each department records, and both as a page posts them,
for tests of every app."""

COMPANY_FORM = {
    "company_name": "洛阳示例智能科技有限公司",
    "company_type": "有限责任公司（自然人投资或控股）",
    "legal_representative": "张晓明",
    "legal_representative_id": "11010519491231002X",
    "shareholders": [
        {"name": "张晓明", "id": "11010519491231002X", "amount": "60", "method": "货币", "due_date": "2030-12-31"},
        {
            "name": "洛阳某某投资有限公司",
            "id": "91410300MA44FUTP0T",
            "amount": "40",
            "method": "货币",
            "due_date": "2030-12-31",
        },
    ],
    "registered_capital": "100",
    "business_scope": "一般项目：人工智能应用软件开发；信息技术咨询服务；技术服务、技术开发、技术咨询、技术交流。",
    "address": "河南省洛阳市高新技术产业开发区丰华路 6 号",
    "finance_officer": "李会计",
    "finance_officer_phone": "13800000002",
    "tax_agent": "王办税",
    "tax_agent_phone": "13800000003",
    "seals": [{"kind": "公章", "quantity": 1}, {"kind": "财务专用章", "quantity": 1}],
    "insured_count": 5,
}


def company_form(**changes) -> dict:
    return {**COMPANY_FORM, **changes}


# What each stage-2 department of 企业开办 records when it grants its step (username → result).
STEP_RESULTS = {
    "police": {
        "seals": [{"kind": "公章", "number": "4103050000001"}, {"kind": "财务专用章", "number": "4103050000002"}]
    },
    "tax": {"tax_authority": "国家税务总局洛阳高新技术产业开发区税务局", "taxpayer_kind": "小规模纳税人"},
    "hrss": {"social_security_number": "410300123456"},
    "hpf": {"hpf_account": "410300000001"},
}

HPF_WITHDRAWAL_FORM = {
    "house_address": "洛阳市洛龙区开元大道 1 号 2 栋 301",
    "amount": "50000",
    "bank_account": "6217001234567890123",
}
DEREGISTRATION_FORM = {"company_name": "洛阳示例商贸有限公司", "reason": "经营期满，决定注销"}


def form_post_data(form: dict, prefix: str = "") -> dict:
    """A spec's answers as a page posts them: scalars by `<prefix><key>`, a table's cells by
    `<prefix><key>-<row>-<column>` (the portal's shareholders-0-name, the desk's result-seals-0-number)."""
    data = {}
    for key, value in form.items():
        if isinstance(value, list):
            for n, row in enumerate(value):
                for column, cell in row.items():
                    data[f"{prefix}{key}-{n}-{column}"] = str(cell)
        else:
            data[f"{prefix}{key}"] = str(value)
    return data


# A complete application form per bundle of the demo catalog; an item applied for on its own takes only a note.
BUNDLE_FORMS = {
    "company-setup": COMPANY_FORM,
    "hpf-withdrawal": HPF_WITHDRAWAL_FORM,
    "simple-deregistration": DEREGISTRATION_FORM,
}


def application_form(bundle: str | None) -> dict:
    return dict(BUNDLE_FORMS[bundle]) if bundle else {}


# What a department records when it grants a step, by the step's item (the bundles' result_fields).
ITEM_RESULTS = {
    "POL-SEAL-001": STEP_RESULTS["police"],
    "TAX-NEW-001": STEP_RESULTS["tax"],
    "HRSS-UNIT-001": STEP_RESULTS["hrss"],
    "HPF-UNIT-001": STEP_RESULTS["hpf"],
    "TAX-DEREG-001": {"clearance_number": "洛高税 清〔2026〕1 号"},
}


def step_result(task) -> dict:
    """The result to grant this task with: its step's own fields when it is a step of a bundle, else nothing."""
    fields = {
        f["key"]
        for stage in task.case.plan
        for step in stage
        if step["item"] == task.item_id
        for f in step.get("result_fields", [])
    }
    result = ITEM_RESULTS.get(task.item.code, {})
    return {key: value for key, value in result.items() if key in fields}
