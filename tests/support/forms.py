"""A complete company set-up form (企业开办), the results each department records, and both as a page posts them,
for tests of every app."""

import json
from pathlib import Path

import gaoxin

# One file of filled-in examples, read by the tests, the benches and the load scenario alike.
EXAMPLES = json.loads((Path(gaoxin.__file__).parent / "catalog" / "data" / "examples.json").read_text(encoding="utf-8"))
BUNDLE_FORMS: dict[str, dict] = EXAMPLES["forms"]
ITEM_RESULTS: dict[str, dict] = EXAMPLES["results"]
COMPANY_FORM = BUNDLE_FORMS["company-setup"]
HPF_WITHDRAWAL_FORM = BUNDLE_FORMS["hpf-withdrawal"]
DEREGISTRATION_FORM = BUNDLE_FORMS["simple-deregistration"]


def company_form(**changes) -> dict:
    return {**COMPANY_FORM, **changes}


# What each stage-2 department of 企业开办 records when it grants its step (username → result).
STEP_RESULTS = {who: EXAMPLES["results"][item] for who, item in EXAMPLES["stage_two_of_company_setup"].items()}


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
def application_form(bundle: str | None) -> dict:
    return dict(BUNDLE_FORMS[bundle]) if bundle else {}


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


# A company of the zone's register and the ID number of its legal representative (the demo applicant 张晓明): who may
# apply for its simplified deregistration.
DEMO_COMPANY = ("洛阳丰华工业软件有限公司", "91410300MA49F2WH6T", "410305199003152014")
