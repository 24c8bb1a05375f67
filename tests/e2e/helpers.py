"""What a person does on the service hall's pages, as small steps the browser tests share.

Everything is found the way a person finds it: by its label, its role and name, or its visible text.
"""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from gaoxin.cases.models import Case
from gaoxin.catalog.models import Bundle
from tests.projects.test_actions import PNG
from tests.support.files import MINIMAL_PDF
from tests.support.forms import STEP_RESULTS


def application_spec(bundle: str) -> list[dict]:
    """The bundle's application form as the catalog holds it: the labels a person finds the fields by."""
    return Bundle.objects.get(code=bundle).form_fields


def fill_spec(scope: Page | Locator, spec: list[dict], answers: dict) -> None:
    """Type the answers into the fields of a catalog spec (an application form, a step's result), each found by
    its label: a choice is selected, a table gets a row per answer ("添加一行" for each after the first)."""
    for field in spec:
        value = answers.get(field["key"])
        if value in (None, "", []):
            continue
        if field.get("kind") == "rows":
            table = rows_table(scope, field["label"])
            for n, row in enumerate(value):
                if n:
                    table.get_by_role("button", name="添加一行").click()
                fill_spec(table.locator("[data-row]").nth(n), field["fields"], row)
        elif field.get("kind") == "choice":
            scope.get_by_label(field["label"], exact=True).select_option(str(value))
        else:
            scope.get_by_label(field["label"], exact=True).fill(str(value))


def rows_table(scope: Page | Locator, label: str) -> Locator:
    """A table of a spec, by its legend (a required one is read out with its " *")."""
    return scope.get_by_role("group", name=re.compile(rf"^{re.escape(label)}( \*)?$"))


def expect_spec(scope: Page | Locator, spec: list[dict], answers: dict) -> None:
    """Every answer is still in its field (a page shown again with errors keeps what was typed)."""
    for field in spec:
        value = answers.get(field["key"])
        if value in (None, "", []):
            continue
        if field.get("kind") == "rows":
            table = rows_table(scope, field["label"])
            expect(table.locator("[data-row]")).to_have_count(len(value))
            for n, row in enumerate(value):
                expect_spec(table.locator("[data-row]").nth(n), field["fields"], row)
        else:
            expect(scope.get_by_label(field["label"], exact=True)).to_have_value(str(value))


def pdf_file(folder: Path, name: str) -> Path:
    """A small real PDF on disk, named after the material it stands for."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pdf"
    path.write_bytes(MINIMAL_PDF)
    return path


def fill_in(page: Page, values: dict[str, str]) -> None:
    """Type each value into the field with that label."""
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def message(page: Page, text: str | re.Pattern) -> None:
    """The green line at the top of the page after an action."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def open_nav(page: Page, name: str) -> None:
    """Follow an entry of the header's main navigation (its name may carry a count, e.g. 综合窗口 待受理 1)."""
    page.get_by_role("navigation", name="主导航").get_by_role("link", name=name).click()


def case_number(page: Page) -> str:
    """The case number, as shown in the crumbs of the applicant's case page."""
    crumbs = page.get_by_role("navigation", name="位置").inner_text()
    return crumbs.rsplit("/", 1)[-1].strip()


def status_badge(page: Page, text: str) -> None:
    """The case's status, shown next to the page's heading."""
    expect(page.get_by_text(text, exact=True).first).to_be_visible()


# --- the applicant --------------------------------------------------------------------------------


def upload_material(page: Page, name: str, file: Path) -> None:
    """Choose a file for one material row of the case page and press its upload button (htmx swaps the table)."""
    file_input = page.get_by_label(f"选择文件：{name}", exact=True)
    row = page.get_by_role("row").filter(has=file_input)
    file_input.set_input_files(file)
    row.get_by_role("button", name=re.compile("上传$")).click()
    expect(row.get_by_role("status")).to_have_text("已上传")
    expect(row.get_by_text("已提交", exact=True)).to_be_visible()


def upload_every_material(page: Page, names: list[str], folder: Path) -> None:
    for name in names:
        upload_material(page, name, pdf_file(folder, name))
    expect(page.get_by_text("材料已齐全，可以提交")).to_be_visible()


# --- the window -----------------------------------------------------------------------------------


def walk_in_withdrawal_decided(clerk: Page, folder: Path) -> None:
    """At the window, as 董女士 asks in person: register her provident-fund withdrawal, upload her three materials,
    submit, and accept and decide it on the spot (即办)."""
    open_nav(clerk, "综合窗口")
    clerk.get_by_role("link", name="窗口代办：为现场申请人登记").click()
    clerk.get_by_role("link", name="办理住房公积金提取").click()
    expect(clerk.get_by_role("radio", name="自然人")).to_be_checked()
    fill_in(
        clerk,
        {
            "申请人姓名或单位名称": "董女士",
            "居民身份证号码": "11010519491231002X",
            "联系电话": "13800000009",
            "所购住房坐落": "洛阳高新区滨河北路 88 号",
            "申请提取金额（元）": "120000",
            "收款银行账号": "6222020000000000",
        },
    )
    clerk.get_by_role("button", name="登记并上传材料").click()
    message(clerk, re.compile(r"已为申请人登记办件 \S+，请上传材料。"))
    for name in ("申请人身份证件", "不动产权证书", "契税完税凭证（契税发票）"):
        clerk.get_by_label(f"上传：{name}", exact=True).set_input_files(pdf_file(folder, name))
    clerk.get_by_role("button", name="上传所选文件").click()
    message(clerk, "材料已上传。")
    expect(clerk.get_by_text("材料已齐全。")).to_be_visible()
    clerk.get_by_role("button", name="提交，进入受理").click()
    clerk.get_by_role("button", name="受理并当场办结（即办）").click()
    message(clerk, re.compile(r"办件 \S+ 已受理并当场办结。"))


# --- the department desk --------------------------------------------------------------------------


def approve_task(page: Page, number: str, department: str | None = None) -> None:
    """From the department desk: open the case's task, approve it, and be back on the desk. Given its department,
    the step's result is typed in first: what that department records (tests/support/forms.py STEP_RESULTS)."""
    open_nav(page, "部门审批")
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_role("heading", name="办理决定")).to_be_visible()
    if department in STEP_RESULTS:
        fill_spec(page, result_fields(number, department), STEP_RESULTS[department])
    page.get_by_role("button", name="准予", exact=True).click()
    message(page, f"已准予办件 {number} 的本部门事项。")
    expect(page.get_by_role("link", name=number, exact=True)).to_have_count(0)


def result_fields(number: str, department: str) -> list[dict]:
    """What the department's step of the case records when granted, as the case's plan keeps it."""
    task = Case.objects.get(number=number).tasks.select_related("department").get(department__code=department)
    plan = task.case.plan
    return next(step for step in plan[task.stage - 1] if step["item"] == task.item_id).get("result_fields", [])


# --- key projects ---------------------------------------------------------------------------------


def png_file(folder: Path, name: str) -> Path:
    """A small real PNG on disk (a site photo), named after what it shows."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    path.write_bytes(PNG)
    return path


def cell(table: Locator, row: Locator, column: str) -> Locator:
    """The cell of a table row under the column headed `column` (as a person reads across from the header)."""
    headers = [text.strip() for text in table.get_by_role("columnheader").all_inner_texts()]
    return row.get_by_role("cell").nth(headers.index(column))
