"""The service hall in English and in Chinese, and the English catalog itself.

Chinese is the source language (the msgids) and the default; English comes from gaoxin/locale/en. In English every
page must read English except for data (item, department, material and people's names, the demo catalog's texts,
what applicants typed); in Chinese the same pages read exactly as before.
"""

import ast
import gettext
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from gaoxin.accounts.models import Department, User
from gaoxin.cases import actions, selectors
from gaoxin.cases.models import Case, CaseMaterial, Task
from gaoxin.catalog.models import Bundle, BundleStage, BundleStep, MaterialKind, ServiceItem
from gaoxin.core.models import AuditEvent
from gaoxin.documents.models import Document
from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, DEMO_COMPANY, DEREGISTRATION_FORM, form_post_data

LOCALE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO, MO = LOCALE / "django.po", LOCALE / "django.mo"

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


# --- the hall with a few cases in it ---------------------------------------------------------------


def user(username: str) -> User:
    return User.objects.get(username=username)


def _details(**form) -> actions.ApplicantDetails:
    return actions.ApplicantDetails(
        kind="person", name="张晓明", id_number="11010519491231002X", phone="13800000001", form=form
    )


def _company_details(**form) -> actions.ApplicantDetails:
    """简易注销 is the company's own act: the demo company, by its legal representative."""
    name, uscc, id_number = DEMO_COMPANY
    return actions.ApplicantDetails(
        kind="enterprise", name=name, uscc=uscc, id_number=id_number, phone="13800000001", form=form
    )


def _hand_in_everything(case: Case, actor: User) -> None:
    for material in case.materials.select_related("material"):
        actions.case_upload_material(case=case, actor=actor, material_code=material.material.code, uploaded=pdf())


@pytest.fixture
def hall(db):
    """A case in department review (its amr task waiting for an extension), one waiting at the window, an applicant's
    draft and a walk-in draft."""
    applicant, clerk = user("applicant"), user("window")
    reviewed = actions.case_create(actor=applicant, details=_details(**COMPANY_FORM), bundle_code="company-setup")
    _hand_in_everything(reviewed, applicant)
    actions.case_submit(case=reviewed, actor=applicant)
    actions.case_accept(case=reviewed, clerk=clerk, note="材料齐全")
    waiting = actions.case_create(
        actor=applicant,
        details=_company_details(**{**DEREGISTRATION_FORM, "company_name": DEMO_COMPANY[0]}),
        bundle_code="simple-deregistration",
    )
    _hand_in_everything(waiting, applicant)
    actions.case_submit(case=waiting, actor=applicant)
    draft = actions.case_create(actor=applicant, details=_details(**COMPANY_FORM), bundle_code="company-setup")
    walk_in = actions.case_create(
        actor=clerk,
        details=_company_details(**{**DEREGISTRATION_FORM, "company_name": DEMO_COMPANY[0]}),
        bundle_code="simple-deregistration",
    )
    task = Task.objects.get(case=reviewed, department__code="amr")
    actions.task_extension_request(task=task, approver=user("amr"), days=5, reason="需现场核查经营场所")
    return {
        "reviewed": reviewed,
        "waiting": waiting,
        "draft": draft,
        "walk_in": walk_in,
        "task": task,
    }


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


def page(client, url: str, username: str | None = None, *, status: int = 200) -> str:
    if username:
        client.force_login(user(username))
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return html.unescape(response.content.decode())


# (url, who, English key strings, their Chinese versions). The Chinese strings are chosen so that no data
# (names, the demo catalog's texts) contains them.
PAGES = [
    (
        "/",
        None,
        ["Service catalog", "One window · done in one visit", "Search services", "Sign in", "View the guide"],
        ["事项目录", "一窗办理 · 一次办好", "搜索事项", "登录", "查看办理指南"],
    ),
    (
        "/catalog/",
        None,
        ["Service catalog", "Keyword", "All levels", "Responsible department", "Promised time limit"],
        ["事项目录", "关键词", "全部层级", "实施部门", "承诺时限"],
    ),
    (
        "/catalog/items/AMR-REG-001/",
        None,
        ["Application materials", "Key facts", "Statutory time limit", "Sign in to apply online"],
        ["申请材料", "办理须知", "法定时限", "登录后在线申请"],
    ),
    (
        "/bundles/company-setup/",
        None,
        ["One-stop bundles · done in one go", "Materials handed in once", "Departments involved"],
        ["一件事 · 一次办", "一次提交的材料", "涉及部门"],
    ),
    ("/accounts/login/", None, ["Username", "Password", "Sign in"], ["用户名", "密码", "登录"]),
    (
        "/portal/",
        "applicant",
        ["My cases", "Time limit status", "Sign out", "Applicant", "Awaiting acceptance"],
        ["我的办件", "时限状态", "退出", "已提交待受理", "已受理审批中"],
    ),
    (
        "/portal/cases/{draft}/",
        "applicant",
        ["Next step: upload the materials one by one", "Application materials", "Upload", "Submit application"],
        ["下一步：逐项上传材料", "申请材料", "上传", "提交申请"],
    ),
    (
        "/portal/cases/{reviewed}/",
        "applicant",
        ["Accepted; the departments are processing it", "Case history", "Accepted at the window", "Progress"],
        ["已受理，各部门正在办理", "办理记录", "窗口受理", "办理进度"],
    ),
    (
        "/portal/apply/bundle/company-setup/",
        "applicant",
        ["Apply online", "Fill in the application form", "Contact phone", "Save and go on to upload materials"],
        ["在线申请", "填写申请表", "联系电话", "保存并继续上传材料"],
    ),
    (
        "/window/",
        "window",
        ["Comprehensive window", "Awaiting acceptance", "Find a case", "Walk-in: register for an applicant"],
        ["待受理", "查找办件", "窗口代办：为现场申请人登记"],
    ),
    (
        "/window/cases/{waiting}/",
        "window",
        ["Acceptance decision", "Accept", "Request all corrections at once", "Reject (not accepted)"],
        ["受理决定", "一次性告知补正", "不予受理"],
    ),
    (
        "/window/walk-in/",
        "window",
        ["Walk-in", "One-stop bundles", "Find service items", "Choose the service"],
        ["窗口代办", "查找事项", "选择事项"],
    ),
    (
        "/window/walk-in/{walk_in}/materials/",
        "window",
        ["Scan or photograph the applicant's materials", "Upload the chosen files", "Submit and go to acceptance"],
        ["扫描或拍照上传申请人的材料", "上传所选文件", "提交，进入受理"],
    ),
    (
        "/desk/",
        "amr",
        ["Department review", "To do", "Waiting for the applicant", "Statutory time limit", "Department approver"],
        ["部门审批", "待办", "等待申请人补充", "法定时限"],
    ),
    (
        "/desk/tasks/{task}/",
        "amr",
        [
            "Decision",
            "Approve",
            "Return for supplement",
            "Deny",
            "Department started processing",
            "Extension requested",
        ],
        ["办理决定", "准予", "退回补充", "不予许可", "部门开始办理", "申请延期"],
    ),
    (
        "/desk/extensions/",
        "amr-head",
        ["Extension approvals", "Pending", "Current statutory time limit", "Approve the extension", "Department head"],
        ["延期审批", "待审批", "现法定时限", "批准延期", "不予批准"],
    ),
    (
        "/leader/",
        "leader",
        ["Case overview", "On-time completion rate", "Open cases", "Overdue", "Warning", "On time"],
        ["办件总览", "按时办结率", "在办办件", "超期", "预警", "正常"],
    ),
    (
        "/leader/cases/{reviewed}/",
        "leader",
        ["Case overview", "Progress", "Applicant and application form", "Case history"],
        ["办件总览", "办理进度", "申请人与申请表", "办理记录"],
    ),
]


def _url(template: str, hall: dict) -> str:
    return template.format(**{key: value.pk for key, value in hall.items()})


@pytest.mark.parametrize("url, username, english, chinese", PAGES, ids=[p[0] for p in PAGES])
def test_each_page_reads_english_when_english_is_chosen(client, hall, url, username, english, chinese):
    text = page(in_english(client), _url(url, hall), username)
    assert '<html lang="en">' in text
    for phrase in english:
        assert phrase in text, phrase
    for phrase in chinese:
        assert phrase not in _without_data(text), phrase


@pytest.mark.parametrize("url, username, english, chinese", PAGES, ids=[p[0] for p in PAGES])
def test_each_page_reads_chinese_by_default(client, hall, url, username, english, chinese):
    text = page(client, _url(url, hall), username)
    assert '<html lang="zh-CN">' in text
    for phrase in chinese:
        assert phrase in text, phrase
    # A bare English word could be part of an e-mail address or code; the longer phrases never are.
    for phrase in (p for p in english if " " in p):
        assert phrase not in text, phrase


def test_accept_language_picks_english_too(client, hall):
    client.force_login(user("window"))
    text = client.get("/window/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "Awaiting acceptance" in text and "待受理" not in text


# --- nothing Chinese is left on an English page but data -----------------------------------------


def _data_texts() -> list[str]:
    """Every text that comes from data rather than from the code: it stays as entered, in any language."""
    texts = ["简体中文", "高"]  # the language's own name in the switcher; the logo's character
    texts += [t for d in Department.objects.all() for t in (d.name, d.short_name)]
    texts += list(MaterialKind.objects.values_list("name", flat=True))
    for item in ServiceItem.objects.all():
        texts += [item.name, item.legal_basis, item.window]
    for bundle in Bundle.objects.all():
        for text in (bundle.name, bundle.description, bundle.outcome):
            texts += [text, text[:79]]  # cards show a description cut to 80 characters with "…"
    texts += list(BundleStage.objects.values_list("name", flat=True))
    for bundle in Bundle.objects.all():
        texts += _spec_texts(bundle.form_fields)
    for step in BundleStep.objects.all():
        texts += _spec_texts(step.result_fields)
    texts += list(User.objects.values_list("display_name", flat=True))
    for case in Case.objects.all():
        texts += [case.applicant_name, case.clerk_note, case.decision_reason, *_answer_texts(case.form)]
    texts += list(CaseMaterial.objects.values_list("correction_note", flat=True))
    texts += list(AuditEvent.objects.values_list("reason", flat=True))
    # The documents issued: an instrument's title, number and authority are Chinese whatever the reader's language.
    texts += [t for d in Document.objects.select_related("seal") for t in (d.title, d.number, d.seal.authority)]
    texts += ["材料.pdf"]  # the uploaded files' names
    return sorted({t for t in texts if t}, key=len, reverse=True)


def _spec_texts(spec: list[dict]) -> list[str]:
    """The labels, help and choices of a catalog spec (a bundle's form, a step's result): data, in Chinese."""
    texts = []
    for field in spec:
        texts += [field["label"], field.get("help", ""), *field.get("choices", [])]
        texts += _spec_texts(field.get("fields", []))
    return texts


def _answer_texts(answers: dict) -> list[str]:
    """What an applicant typed, a table's cells each on its own."""
    texts = []
    for value in answers.values():
        rows = value if isinstance(value, list) else []
        texts += [str(cell) for row in rows for cell in row.values()] if rows else [str(value)]
    return texts


def _without_data(text: str) -> str:
    for data in _data_texts():
        text = text.replace(data, "")
    return text


@pytest.mark.parametrize("url, username", [(p[0], p[1]) for p in PAGES], ids=[p[0] for p in PAGES])
def test_no_chinese_is_left_on_an_english_page_but_data(client, hall, url, username):
    text = _without_data(page(in_english(client), _url(url, hall), username))
    left = {match.group() for match in CJK.finditer(text)}
    assert not left, [text[max(0, m.start() - 60) : m.end() + 60] for m in CJK.finditer(text)][:5]


# --- errors, messages and data read in English ---------------------------------------------------


def test_form_and_validator_errors_are_english(client, hall):
    client = in_english(client)
    client.force_login(user("applicant"))
    applicant = {"kind": "person", "name": "张晓明", "id_number": "110105194912310021", "phone": "123"}
    data = {**applicant, **form_post_data(COMPANY_FORM)}
    response = client.post("/portal/apply/bundle/company-setup/", data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Please fix the following 2 problems before submitting" in text
    assert "Wrong check character: it should be X, but is 1" in text
    assert "Enter an 11-digit mobile number" in text
    assert "校验码错误" not in text and "请输入 11 位手机号码" not in text


def test_an_action_error_shown_on_a_page_is_english(client, hall):
    client = in_english(client)
    client.force_login(user("applicant"))
    response = client.post(f"/portal/cases/{hall['draft'].pk}/submit/")
    text = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "These materials are missing or still need corrections: " in text
    assert "以下材料尚未提交或尚待补正" not in text


def test_a_message_after_an_action_is_english(client, hall):
    client = in_english(client)
    client.force_login(user("window"))
    version = selectors.case_version(hall["waiting"])
    response = client.post(
        f"/window/cases/{hall['waiting'].pk}/", {"decision": "accept", "version": version}, follow=True
    )
    text = response.content.decode()
    assert f"Case {hall['waiting'].number} was accepted and passed on to the departments." in text


def test_a_conflict_is_explained_in_english(client, hall):
    client = in_english(client)
    client.force_login(user("window"))
    response = client.post(f"/window/cases/{hall['waiting'].pk}/", {"decision": "accept", "version": 1})
    text = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "Your action was not carried out." in text and "Since you opened this page" in text


def test_the_inline_check_names_the_province_in_english(client, hall):
    client = in_english(client)
    client.force_login(user("applicant"))
    data = {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"}
    response = client.post("/portal/apply/bundle/company-setup/check/id_number/", data)
    assert "Valid number: Beijing, born 1949-12-31" in response.content.decode()


def test_the_api_speaks_the_requested_language(client, hall):
    english = client.get("/api/cases", headers={"Accept-Language": "en"})
    chinese = client.get("/api/cases")
    assert english.json()["detail"] == "Not signed in, or the token is invalid"
    assert chinese.json()["detail"] == "未登录或令牌无效"


def test_timeline_labels_are_plain_strings_in_the_active_language(hall):
    from django.utils import translation

    with translation.override("en"):
        events = selectors.case_detail(user("window"), hall["reviewed"].pk)["events"]
    assert all(type(e["action_display"]) is str for e in events)
    assert [e["action_display"] for e in events][-4:] == [
        "Accepted at the window",
        "Document issued",
        "Department started processing",
        "Extension requested",
    ]


def test_the_admin_index_is_english(admin_client):
    text = in_english(admin_client).get("/admin/").content.decode()
    assert "System administration" in text and "Service catalog" in text and "One-stop bundles" in text
    assert "系统管理" not in text


# --- the catalog file itself ----------------------------------------------------------------------


def _po_entries() -> list[dict]:
    """The entries of django.po: msgctxt, msgid, msgid_plural, msgstr (or msgstr[n]) and flags."""
    entries, entry, key = [], None, None
    for line in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": [], "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, key, _unquote(line))
        else:
            match = re.fullmatch(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d)\])? (".*")', line)
            assert match, line
            name, index, value = match.groups()
            key = ("msgstr", int(index or 0)) if name == "msgstr" else name
            _append(entry, key, _unquote(value), start=True)
    return entries


def _append(entry: dict, key, value: str, start: bool = False) -> None:
    if isinstance(key, tuple):
        entry["msgstr"][key[1]] = ("" if start else entry["msgstr"][key[1]]) + value
    else:
        entry[key] = ("" if start else entry[key]) + value


def _unquote(text: str) -> str:
    """A PO string literal uses the escapes of a Python one (\\n, \\t, \\", \\\\)."""
    return ast.literal_eval(text.strip())


def test_the_po_reader_reads_escapes():
    assert _unquote(r'"中\"文\n"') == '中"文\n'


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _po_entries()
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en\\n" in PO.read_text(encoding="utf-8")
    assert len(messages) > 600
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy
    plural = [e for e in messages if "msgid_plural" in e]
    assert plural and all(sorted(e["msgstr"]) == [0, 1] for e in plural)


def test_translations_keep_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)s|%%")
    for e in _po_entries()[1:]:
        wanted = sorted(set(placeholder.findall(e["msgid"])))
        for text in e["msgstr"].values():
            assert sorted(set(placeholder.findall(text))) == wanted, (e["msgid"], text)


# The catalog's data is Chinese, so a search works with Chinese keywords: this hint names two, in English words too.
CHINESE_ON_PURPOSE = {
    "请减少筛选条件，或换一个关键词（如“公积金”“营业执照”）。",
    # A document's number and a template's placeholders are Chinese in every language (documents/rules.py).
    "文号中区分文书种类的字，如“受”得到 洛高审受〔2026〕12号",
    # A 12345 platform's work orders name their urgency in Chinese, whatever the reader's language.
    "应为“一般”或“紧急”",
    "诉求类别填类别名称或代码；涉及企业填企业名称或统一社会信用代码，可不填；紧急程度填“一般”或“紧急”。",
}


def test_no_translation_is_left_in_chinese():
    for e in _po_entries()[1:]:
        if e["msgid"] in CHINESE_ON_PURPOSE:
            continue
        for text in e["msgstr"].values():
            assert not CJK.search(text), (e["msgid"], text)


def test_the_committed_mo_holds_exactly_the_po():
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for e in _po_entries()[1:]:
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            expected.update({(key, n): text for n, text in e["msgstr"].items()})
        else:
            expected[key] = e["msgstr"][0]
    catalog = {k: v for k, v in catalog.items() if k != ""}
    assert catalog == expected


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_the_committed_mo_is_what_compilemessages_makes_of_the_po(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == MO.read_bytes(), "run: manage.py compilemessages --ignore=.venv"
