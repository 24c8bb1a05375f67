"""The fields of a bundle's form and of a step's result: one checker for the API, the pages and the admin."""

import json

import pytest

from gaoxin.catalog.fields import answer_lines, clean_answers, spec_problems
from gaoxin.catalog.models import Bundle, BundleStep
from gaoxin.core.errors import FieldErrors

SPEC = [
    {"key": "name", "label": "名称"},
    {"key": "kind", "label": "类型", "kind": "choice", "choices": ["甲", "乙"]},
    {"key": "count", "label": "人数", "kind": "integer", "min": 0, "max": 10, "required": False},
    {"key": "on", "label": "日期", "kind": "date", "required": False},
    {"key": "code", "label": "编码", "kind": "pattern", "pattern": r"\d{4}", "pattern_help": "编码为 4 位数字"},
    {
        "key": "people",
        "label": "出资人",
        "kind": "rows",
        "min": 1,
        "fields": [
            {"key": "who", "label": "证件号码", "kind": "id_or_uscc"},
            {"key": "amount", "label": "金额", "kind": "amount"},
        ],
    },
    {"key": "total", "label": "合计", "kind": "amount", "sum_of": "people.amount"},
]
GOOD = {
    "name": "  洛阳  某某  ",
    "kind": "甲",
    "count": "3",
    "code": "0379",
    "people": [{"who": "11010519491231002x", "amount": "1,000.5"}, {"who": "", "amount": ""}],
    "total": "1000.50",
}


def errors_of(answers) -> dict:
    with pytest.raises(FieldErrors) as raised:
        clean_answers(SPEC, answers, prefix="form")
    return raised.value.errors


def test_answers_are_cleaned_as_stored():
    assert clean_answers(SPEC, GOOD, prefix="form") == {
        "name": "洛阳 某某",
        "kind": "甲",
        "count": 3,
        "code": "0379",
        "people": [{"who": "11010519491231002X", "amount": "1000.5"}],
        "total": "1000.5",
    }


def test_every_wrong_answer_is_named_by_its_path():
    bad = {
        **GOOD,
        "name": "",
        "kind": "丙",
        "count": 11,
        "on": "2026-13-01",
        "code": "37",
        "people": [{"who": "11010519491231002Y", "amount": "-1"}],
        "total": "1",
    }
    assert errors_of(bad) == {
        "form.name": "请填写名称",
        "form.kind": "请从以下选项中选择：甲、乙",
        "form.count": "应在 0 到 10 之间",
        "form.on": "请按 年-月-日 填写日期，如 2026-12-02",
        "form.code": "编码为 4 位数字",
        "form.people.0.who": errors_of({**GOOD, "people": [{"who": "11010519491231002Y", "amount": "1"}]})[
            "form.people.0.who"
        ],
        "form.people.0.amount": "金额应大于 0",
    }


def test_a_table_needs_its_rows_and_the_sum_must_agree():
    assert errors_of({**GOOD, "people": []})["form.people"] == "出资人至少填写 1 行"
    assert errors_of({**GOOD, "total": "999"}) == {"form.total": "合计（999）应等于各行出资额之和（1000.5）"}
    assert errors_of({**GOOD, "people": "张三"})["form.people"] == "出资人应为明细行的列表"


@pytest.mark.parametrize("value", [True, 1.5, {"a": 1}, ["x"]])
def test_a_value_of_the_wrong_json_type_is_an_error_not_a_crash(value):
    assert "form.name" in errors_of({**GOOD, "name": value})


def test_answer_lines_follow_the_spec_and_show_a_table_row_by_row():
    cleaned = clean_answers(SPEC, GOOD, prefix="form")
    lines = answer_lines(SPEC, {**cleaned, "extra": "旧字段"})
    assert lines[0] == ("名称", "洛阳 某某")
    assert ("出资人", "证件号码：11010519491231002X，金额：1000.5") in lines
    assert lines[-1] == ("extra", "旧字段")


def test_spec_problems_name_what_an_administrator_got_wrong():
    problems = spec_problems(
        [
            {"key": "Bad Key", "label": "甲"},
            {"key": "a", "label": ""},
            {"key": "b", "label": "乙", "kind": "colour"},
            {"key": "c", "label": "丙", "kind": "choice"},
            {"key": "d", "label": "丁", "kind": "pattern", "pattern": "("},
            {"key": "e", "label": "戊", "kind": "amount", "sum_of": "nothing.amount"},
        ]
    )
    assert len(problems) == 6, problems
    assert spec_problems(SPEC) == []


@pytest.mark.django_db
def test_the_shipped_bundles_specs_are_valid():
    for bundle in Bundle.objects.all():
        assert spec_problems(bundle.form_fields) == [], bundle.code
    for step in BundleStep.objects.all():
        assert spec_problems(step.result_fields) == [], step


@pytest.mark.django_db
def test_the_admin_refuses_a_bad_form_spec_with_its_problem(admin_client):
    bundle = Bundle.objects.get(code="hpf-withdrawal")
    url = f"/admin/catalog/bundle/{bundle.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    data = {
        "code": bundle.code,
        "name": bundle.name,
        "description": bundle.description,
        "outcome": bundle.outcome,
        "promise_kind": bundle.promise_kind,
        "promise_value": bundle.promise_value,
        "fee": bundle.fee,
        "active": "on",
        "form_fields": json.dumps([{"key": "amount", "label": "金额", "kind": "money"}]),
        "stages-TOTAL_FORMS": "0",
        "stages-INITIAL_FORMS": "0",
    }
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "的类型“money”未知" in refused.content.decode()
    bundle.refresh_from_db()
    assert bundle.form_fields[0]["key"] == "house_address"
