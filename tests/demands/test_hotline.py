"""12345 hotline work orders into the ledger: the office's .xlsx import (all rows or none, every bad row listed, a
work order entered once) and the hotline system's API with its key (hash only, revocable, a retry is the same
demand); and a demand's contact phone, encrypted at rest and masked for whoever does not handle it."""

import hashlib
import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from gaoxin.core import personal
from gaoxin.core.spreadsheets import ImportRejected
from gaoxin.demands import actions
from gaoxin.demands.hotline import COLUMNS, hotline_import
from gaoxin.demands.models import Channel, Demand, HotlineKey
from tests.demands.helpers import TZ, assigned, category, company, paired, user

pytestmark = pytest.mark.django_db


def order(number="12345-20260412-0001", **cells) -> dict:
    return {
        "工单编号": number,
        "来电时间": datetime(2026, 4, 12, 9, 31),
        "来电人": "李女士",
        "联系电话": 13903790123,  # as Excel keeps a number typed into a cell
        "诉求类别": "用工",
        "诉求内容": "企业反映急需焊工二十名，请协助对接人力资源市场。",
        "涉及企业": company().uscc,
        "紧急程度": "紧急",
        **cells,
    }


def workbook(*rows: dict) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "工单"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(column) for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("12345.xlsx", buffer.getvalue())


def hotline_demands():
    return Demand.objects.filter(channel=Channel.HOTLINE)


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row():
    category()
    file = workbook(
        order("A-1"),
        order("A-2", 联系电话="不详"),
        order("A-3", 诉求类别="噪音扰民"),
        order("A-1"),
        order("A-5", 诉求内容=None),
        order("A-6", 涉及企业="不存在的公司"),
        order("A-7", 来电时间="2026-13-01 09:00"),
    )
    with pytest.raises(ImportRejected) as rejected:
        hotline_import(file=file, actor=user("office"))
    errors = {e.row: "；".join(e.reasons) for e in rejected.value.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8], errors
    assert "联系电话" in errors[3]
    assert "噪音扰民" in errors[4]
    assert "第 2 行重复" in errors[5]
    assert "诉求内容：必填" in errors[6]
    assert "不存在的公司" in errors[7]
    assert "来电时间" in errors[8]
    assert not hotline_demands().exists(), "the good row was rolled back with the bad ones"


def test_the_office_imports_a_good_file_and_each_work_order_waits_to_be_assigned(client):
    category()
    client.force_login(user("office"))
    file = workbook(order("B-1"), order("B-2", 涉及企业=None, 紧急程度="一般", 诉求类别="labour"))
    response = client.post(reverse("demands-hotline-import"), {"file": file})
    assert response.status_code == 302 and response["Location"] == reverse("demands-board"), response.content[:500]
    first, second = hotline_demands().get(external_ref="B-1"), hotline_demands().get(external_ref="B-2")
    assert (first.enterprise, first.urgency, first.category.code) == (company(), "urgent", "labour")
    assert first.status == "new"
    assert first.contact_phone == "13903790123" and first.contact_name == "李女士"
    assert first.external_at == datetime(2026, 4, 12, 9, 31, tzinfo=TZ)
    assert first.title == "企业反映急需焊工二十名，请协助对接人力资源市场。"
    assert (second.enterprise, second.urgency, second.party_name) == (None, "normal", "李女士")
    page = client.get(reverse("demands-demand", args=[first.pk])).content.decode()
    assert "B-1" in page and "13903790123" in page


def test_a_work_order_already_imported_is_refused():
    category()
    hotline_import(file=workbook(order("C-1")), actor=user("office"))
    with pytest.raises(ImportRejected) as rejected:
        hotline_import(file=workbook(order("C-2"), order("C-1")), actor=user("office"))
    (error,) = rejected.value.errors
    assert error.row == 3 and "C-1 已导入" in error.reasons[0]
    assert set(hotline_demands().values_list("external_ref", flat=True)) == {"C-1"}


def test_the_import_page_shows_each_bad_row_and_is_the_offices_only(client):
    category()
    client.force_login(user("office"))
    response = client.post(reverse("demands-hotline-import"), {"file": workbook(order("D-1", 诉求类别="无此类"))})
    assert response.status_code == 400
    assert "第 2 行" in response.content.decode() and "无此类" in response.content.decode()
    client.force_login(user("cadre"))
    assert client.get(reverse("demands-hotline-import")).status_code == 403


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_reason():
    with pytest.raises(actions.DomainError) as refused:
        hotline_import(file=SimpleUploadedFile("x.xlsx", b"not a workbook"), actor=user("office"))
    assert refused.value.field == "file"


# --- the hotline system's API -----------------------------------------------------------------------------------

BODY = {
    "number": "12345-20260412-0100",
    "called_at": "2026-04-12T09:31:00+08:00",
    "caller": "李女士",
    "phone": "13903790123",
    "category": "用工",
    "text": "企业反映急需焊工二十名。",
    "enterprise": "格力电器（洛阳）有限公司",
    "urgency": "紧急",
}


def send(client, key: str | None, body=BODY):
    headers = {"X-Api-Key": key} if key else {}
    return client.post("/api/demands/hotline", body, content_type="application/json", headers=headers)


@pytest.fixture
def key():
    category()
    return actions.hotline_key_create(name="洛阳市12345热线平台", actor=user("admin"))


def test_the_key_is_kept_as_its_hash_only(key):
    made, raw = key
    stored = HotlineKey.objects.get(pk=made.pk)
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest() and raw not in (stored.digest, stored.prefix)
    with pytest.raises(actions.Forbidden):
        actions.hotline_key_create(name="其他", actor=user("office"))


def test_a_work_order_sent_with_a_good_key_is_a_demand_and_a_retry_the_same_one(client, key):
    made, raw = key
    first = send(client, raw)
    assert first.status_code == 201, first.content
    receipt = first.json()
    assert (receipt["work_order"], receipt["status"], receipt["created"]) == (BODY["number"], "new", True)
    again = send(client, raw, {**BODY, "text": "重复推送"})
    assert again.status_code == 200, again.content
    assert (again.json()["id"], again.json()["created"]) == (receipt["id"], False)
    demand = hotline_demands().get()
    assert (demand.enterprise, demand.urgency, demand.raised_by, demand.text) == (
        company(),
        "urgent",
        None,
        BODY["text"],
    )
    assert HotlineKey.objects.get(pk=made.pk).last_used_at is not None


def test_a_bad_or_revoked_key_or_an_accounts_token_is_401(client, key, api):
    made, raw = key
    assert send(client, None).status_code == 401
    assert send(client, raw + "x").status_code == 401
    as_account = api("office").post("/api/demands/hotline", BODY)
    assert as_account.status_code == 401, "an account's bearer token is not the hotline's key"
    actions.hotline_key_revoke(key=made, actor=user("admin"))
    assert send(client, raw).status_code == 401
    assert not hotline_demands().exists()


def test_a_bad_work_order_is_refused_with_its_field(client, key):
    _made, raw = key
    unknown = send(client, raw, {**BODY, "category": "噪音"})
    assert (unknown.status_code, unknown.json()["field"]) == (400, "category")
    bad_phone = send(client, raw, {**BODY, "phone": "不详"})
    assert (bad_phone.status_code, bad_phone.json()["field"]) == (400, "contact_phone")
    assert send(client, raw, {**BODY, "number": "含 空格"}).json()["field"] == "number"
    assert not hotline_demands().exists()


def test_the_command_makes_lists_and_revokes_keys(capsys):
    call_command("demands_hotline_key", create="12345平台")
    line = capsys.readouterr().out.splitlines()[0]
    raw = line.split("：", 1)[1]
    made = HotlineKey.objects.get(name="12345平台")
    assert actions.hotline_key_check(raw) == made
    call_command("demands_hotline_key", revoke=made.prefix)
    assert actions.hotline_key_check(raw) is None


# --- the contact phone ----------------------------------------------------------------------------------------


def test_the_contact_phone_is_stored_encrypted_and_still_found_and_shown(api):
    paired("company")
    demand = assigned(by="company", to="amr")
    key = Demand._meta.pk.get_db_prep_value(demand.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM demands_demand WHERE id = %s", [key])
        (stored,) = cursor.fetchone()
    assert "13800000051" not in stored and personal.is_encrypted(stored)
    assert Demand.objects.get(personal.matching("contact_phone", "138 0000 0051")) == demand
    shown = {name: api(name).get(f"/api/demands/{demand.pk}").json()["contact_phone"] for name in ("office", "amr")}
    assert api("amr").get("/api/demands/desk").json()["waiting"][0]["contact_phone"] == "13800000051"
    assert shown == {"office": "13800000051", "amr": "13800000051"}
    assert api("leader").get(f"/api/demands/{demand.pk}").json()["contact_phone"] == "138****0051"


def test_a_call_time_without_its_zone_is_the_zones(client, key):
    _made, raw = key
    assert send(client, raw, {**BODY, "called_at": "2026-04-12T09:31:00"}).status_code == 201
    assert hotline_demands().get().external_at == datetime(2026, 4, 12, 9, 31, tzinfo=TZ)
    later = send(client, raw, {**BODY, "number": "LATER-1", "called_at": "2099-01-01T09:00:00+08:00"})
    assert (later.status_code, later.json()["field"]) == (400, "called_at")


def test_the_system_administrator_makes_a_key_in_the_admin_and_sees_it_once(admin_client):
    response = admin_client.post("/admin/demands/hotlinekey/add/", {"name": "洛阳市12345热线平台"}, follow=True)
    assert response.status_code == 200
    (shown,) = [str(m) for m in response.context["messages"] if "只显示这一次" in str(m)]
    raw = shown.rsplit("：", 1)[1]
    made = HotlineKey.objects.get(name="洛阳市12345热线平台")
    assert actions.hotline_key_check(raw) == made and made.created_by.username == "admin"
    assert raw not in admin_client.get(f"/admin/demands/hotlinekey/{made.pk}/change/").content.decode()
    admin_client.post("/admin/demands/hotlinekey/", {"action": "revoke", "_selected_action": [made.pk]})
    assert actions.hotline_key_check(raw) is None
