"""The demo catalog, as tests/conftest.py loads it once per test database."""

from collections import Counter

import pytest

from gaoxin.accounts.models import Department
from gaoxin.catalog.demo import load_demo_catalog
from gaoxin.catalog.models import Bundle, BundleStage, BundleStep, ItemMaterial, MaterialKind, ServiceItem

pytestmark = pytest.mark.django_db


def structure(code: str) -> list[tuple[int, str, list[tuple[str, bool]]]]:
    bundle = Bundle.objects.get(code=code)
    return [
        (stage.order, stage.name, [(step.item.code, step.optional) for step in stage.steps.select_related("item")])
        for stage in bundle.stages.all()
    ]


def snapshot() -> dict:
    return {
        "departments": dict(Department.objects.values_list("code", "id")),
        "materials": dict(MaterialKind.objects.values_list("code", "id")),
        "items": dict(ServiceItem.objects.values_list("code", "id")),
        "item_materials": sorted(ItemMaterial.objects.values_list("id", "item_id", "material_id", "required", "order")),
        "bundles": dict(Bundle.objects.values_list("code", "id")),
        "stages": sorted(BundleStage.objects.values_list("id", "bundle_id", "order", "name")),
        "steps": sorted(BundleStep.objects.values_list("id", "stage_id", "item_id", "optional", "order")),
    }


def test_catalog_has_842_items_on_all_three_levels():
    assert ServiceItem.objects.count() == 842
    levels = Counter(ServiceItem.objects.values_list("level", flat=True))
    assert set(levels) == {"province", "city", "district"}
    assert levels["district"] > levels["city"] > levels["province"] > 0


def test_departments_of_the_company_setup_bundle_exist():
    codes = set(Department.objects.values_list("code", flat=True))
    assert {"amr", "police", "tax", "hrss", "hpf"} <= codes
    assert len(codes) == 25


def test_company_setup_bundle():
    bundle = Bundle.objects.get(code="company-setup")
    assert bundle.name == "企业开办一件事"
    assert (bundle.promise_kind, bundle.promise_value, bundle.fee) == ("office_hours", 2, 0)
    assert structure("company-setup") == [
        (1, "注册登记", [("AMR-REG-001", False)]),
        (
            2,
            "开办事项并联办理",
            [("POL-SEAL-001", False), ("TAX-NEW-001", False), ("HRSS-UNIT-001", False), ("HPF-UNIT-001", False)],
        ),
    ]
    registration = ServiceItem.objects.get(code="AMR-REG-001")
    assert registration.issues_certificate == "business_license"
    assert [row.material.code for row in registration.item_materials.select_related("material")] == [
        "company_application",
        "articles",
        "shareholder_proof",
        "legal_rep_id",
        "premises_proof",
    ]


def test_simple_deregistration_bundle():
    bundle = Bundle.objects.get(code="simple-deregistration")
    assert (bundle.promise_kind, bundle.promise_value) == ("working_days", 25)
    assert structure("simple-deregistration") == [
        (1, "公示", [("AMR-DEREG-NOTICE", False)]),
        (2, "清税与社保注销", [("TAX-DEREG-001", True), ("HRSS-DEREG-001", True)]),
        (3, "注销登记", [("AMR-DEREG-001", False)]),
    ]
    tax = ServiceItem.objects.get(code="TAX-DEREG-001")
    assert [(r.material.code, r.required) for r in tax.item_materials.select_related("material")] == [
        ("business_license", True),
        ("tax_clearance_application", False),
    ]


def test_hpf_withdrawal_bundle():
    bundle = Bundle.objects.get(code="hpf-withdrawal")
    assert (bundle.promise_kind, bundle.promise_value) == ("immediate", 0)
    assert structure("hpf-withdrawal") == [(1, "提取", [("HPF-WD-001", False)])]
    item = ServiceItem.objects.get(code="HPF-WD-001")
    assert (item.level, item.item_type, item.window) == ("city", "payment", "公积金窗口")


def test_every_item_asks_for_materials_and_names_are_unique():
    assert not ServiceItem.objects.filter(item_materials__isnull=True).exists()
    names = Counter(ServiceItem.objects.values_list("name", flat=True))
    assert [name for name, count in names.items() if count > 1] == []
    assert not ServiceItem.objects.filter(name__regex=r"事项\d").exists()


def test_loading_again_changes_nothing():
    before = snapshot()
    counts = load_demo_catalog()
    assert counts == {"部门": 25, "材料": len(before["materials"]), "事项": 842, "一件事": 3, "主题": 10}
    assert snapshot() == before


def test_loading_puts_back_what_was_changed():
    item = ServiceItem.objects.get(code="AMR-REG-001")
    item.name = "改过的名称"
    item.save()
    item.item_materials.filter(material__code="articles").delete()
    BundleStage.objects.filter(bundle__code="company-setup", order=2).delete()

    load_demo_catalog()

    item.refresh_from_db()
    assert item.name == "企业设立登记"
    assert item.item_materials.count() == 5
    assert [len(steps) for _, _, steps in structure("company-setup")] == [1, 4]
    assert ServiceItem.objects.get(code="AMR-REG-001").pk == item.pk


@pytest.mark.parametrize(
    ("filename", "old", "new", "message"),
    [
        ("items.csv", ",amr,", ",nosuchdept,", r"items\.csv 第 2 行：未知部门 'nosuchdept'"),
        ("items.csv", ";articles;", ";nosuchmaterial;", r"items\.csv 第 2 行：未知材料 'nosuchmaterial'"),
        (
            "bundles.json",
            '"HPF-WD-001"',
            '"NO-SUCH-ITEM"',
            r"bundles\.json 第 3 个一件事（hpf-withdrawal）.*NO-SUCH-ITEM",
        ),
    ],
)
def test_unknown_codes_are_reported_with_file_and_row(tmp_path, monkeypatch, filename, old, new, message):
    from gaoxin.catalog import demo

    for path in demo.DATA_DIR.iterdir():
        if path.suffix in (".csv", ".json"):
            (tmp_path / path.name).write_bytes(path.read_bytes())
    target = tmp_path / filename
    target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(demo, "DATA_DIR", tmp_path)
    before = ServiceItem.objects.count()

    with pytest.raises(ValueError, match=message):
        load_demo_catalog()
    assert ServiceItem.objects.count() == before
