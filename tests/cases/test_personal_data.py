"""A case's personal data: encrypted in its columns, found by digest, masked for everyone but who handles the case,
and each full look by staff on the case's audit trail (docs/decisions/0029-personal-data-encrypted-and-masked.md)."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gaoxin.cases import actions as case_actions
from gaoxin.cases import selectors
from gaoxin.cases.models import Case, TaskStatus
from gaoxin.core import personal, sql
from gaoxin.core.models import AuditEvent
from gaoxin.economy.models import Enterprise
from tests.ratings.helpers import submitted_case, user

pytestmark = pytest.mark.django_db

ID_NUMBER, PHONE = "11010519491231002X", "13800000009"
MASKED_ID, MASKED_PHONE = "110105********002X", "138****0009"
BUTTON = "显示完整号码"


def in_review() -> Case:
    """The applicant's company set-up, accepted online: the window is done with it, amr's registration is open."""
    return case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))


def raw_row(table: str, columns: list[str], where: str, value) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where} = %s", [value])
        return cursor.fetchone()


def numbers_box(html: str) -> str:
    start = html.index('id="personal-numbers"')
    return html[start : html.index("</div>", start)]


def looks(case: Case) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk), action="personal_data_view"))


def test_the_columns_hold_ciphertext_and_a_digest_never_the_numbers():
    case = submitted_case()
    id_number, phone, id_digest, phone_digest = raw_row(
        "cases_case",
        ["applicant_id_number", "contact_phone", "applicant_id_number_digest", "contact_phone_digest"],
        "id",
        sql.db_value(Case, "id", case.pk),
    )
    assert id_number.startswith("pii1:aes:") and phone.startswith("pii1:aes:")
    assert ID_NUMBER not in id_number and PHONE not in phone and "0009" not in phone
    assert (id_digest, phone_digest) == (personal.digest(ID_NUMBER), personal.digest(PHONE))
    reread = Case.objects.get(pk=case.pk)
    assert (reread.applicant_id_number, reread.contact_phone) == (ID_NUMBER, PHONE)

    account_id, account_phone = raw_row("accounts_user", ["id_number", "phone"], "username", "applicant")
    assert "410305199003152014" not in account_id and "13800000001" not in account_phone
    registered = Enterprise.objects.exclude(legal_representative_id="").first()
    (stored,) = raw_row("economy_enterprise", ["legal_representative_id"], "id", registered.pk)
    assert stored.startswith("pii1:") and registered.legal_representative_id not in stored


def test_the_window_desk_and_the_api_find_a_case_by_its_whole_id_number_or_phone(api):
    case = submitted_case()
    clerk = user("window")
    for typed in (ID_NUMBER, ID_NUMBER.lower(), "138 0000 0009", "+86 13800000009"):
        assert list(selectors.window_queue(clerk, tab="all", q=typed)) == [case], typed
    assert not selectors.window_queue(clerk, tab="all", q="11010519").exists()
    window = api("window")
    assert [c["id"] for c in window.get("/api/cases", id_number=ID_NUMBER).json()["items"]] == [str(case.pk)]
    assert [c["id"] for c in window.get("/api/cases", phone="138-0000-0009").json()["items"]] == [str(case.pk)]
    assert window.get("/api/cases", id_number="110105194912310021").json()["count"] == 0


def test_a_search_by_id_number_is_an_indexed_equality_on_the_digest():
    submitted_case()
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "cases_case")
    assert any(c["index"] and c["columns"] == ["applicant_id_number_digest"] for c in constraints.values())
    found = selectors.window_queue(user("window"), tab="all", q=ID_NUMBER)
    with CaptureQueriesContext(connection) as queries:
        list(found)
    search = next(q["sql"] for q in queries if "cases_case" in q["sql"] and "digest" in q["sql"])
    assert 'applicant_id_number_digest" = ' in search and "LIKE" not in search.upper()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a table of one row would be scanned anyway
    assert "digest" in found.explain()


def test_an_unrelated_staff_role_sees_the_numbers_masked_and_cannot_show_them(client):
    case = in_review()
    for username, page in (("leader", f"/leader/cases/{case.pk}/"), ("window", f"/window/cases/{case.pk}/")):
        client.force_login(user(username))
        html = client.get(page).content.decode()
        assert MASKED_ID in html and MASKED_PHONE in html, username
        # Not in the application form either (its shareholders, its finance officer's phone).
        assert ID_NUMBER not in html and PHONE not in html and "13800000002" not in html, username
        assert BUTTON not in html, username
        assert client.post(f"/cases/{case.pk}/personal-data/").status_code == 403, username
    assert looks(case) == []


def test_the_handler_shows_the_numbers_in_full_and_the_look_is_audited_on_the_case(client):
    case = in_review()
    task = case.tasks.get(status=TaskStatus.OPEN, department__code="amr")
    amr = user("amr")
    client.force_login(amr)
    # The applicant's own numbers masked until asked for (the form's are the step's working papers: in full).
    box = numbers_box(client.get(f"/desk/tasks/{task.pk}/").content.decode())
    assert MASKED_ID in box and ID_NUMBER not in box and BUTTON in box
    shown = client.post(f"/cases/{case.pk}/personal-data/", headers={"HX-Request": "true"}).content.decode()
    assert ID_NUMBER in shown and PHONE in shown and "记入办件的审计记录" in shown
    (look,) = looks(case)
    assert look.actor == amr and look.data == {"fields": ["applicant_id_number", "contact_phone"]}
    # The applicant reads on their case's timeline who looked; their own look is not recorded.
    client.force_login(user("applicant"))
    portal = client.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "查看完整身份证号和电话" in portal and MASKED_ID in numbers_box(portal) and BUTTON in portal
    assert ID_NUMBER in client.post(f"/cases/{case.pk}/personal-data/").content.decode()
    assert len(looks(case)) == 1


def test_the_api_masks_the_case_and_gives_the_full_numbers_to_the_handler_only(api):
    case = in_review()
    for username in ("leader", "window", "amr", "applicant"):
        detail = api(username).get(f"/api/cases/{case.pk}").json()
        assert (detail["applicant_id_number"], detail["contact_phone"]) == (MASKED_ID, MASKED_PHONE), username
        assert detail["may_show_personal_data"] is (username in ("amr", "applicant")), username
    assert api("leader").get(f"/api/cases/{case.pk}/personal-data").status_code == 403
    assert api("window").get(f"/api/cases/{case.pk}/personal-data").status_code == 403
    assert api("applicant2").get(f"/api/cases/{case.pk}/personal-data").status_code == 404
    full = api("amr").get(f"/api/cases/{case.pk}/personal-data")
    assert full.json() == {"applicant_id_number": ID_NUMBER, "contact_phone": PHONE}
    assert [e.actor.username for e in looks(case)] == ["amr"]


def test_the_window_handles_a_case_while_it_is_on_its_desk_and_a_walk_in_always(api):
    online = submitted_case()
    walk_in = submitted_case(by="window")
    window = api("window")
    assert window.get(f"/api/cases/{online.pk}/personal-data").status_code == 200
    case_actions.case_accept(case=online, clerk=user("window"))
    case_actions.case_accept(case=walk_in, clerk=user("window"))
    assert window.get(f"/api/cases/{online.pk}/personal-data").status_code == 403
    assert window.get(f"/api/cases/{walk_in.pk}/personal-data").status_code == 200


def test_the_data_migration_encrypts_plain_rows_and_gives_them_back_on_the_way_down():
    case = submitted_case()
    pk = sql.db_value(Case, "id", case.pk)
    with connection.cursor() as cursor:
        # The row as it was before the migration: plain numbers, no digests.
        cursor.execute(
            "UPDATE cases_case SET applicant_id_number = %s, contact_phone = %s, applicant_id_number_digest = '', "
            "contact_phone_digest = '' WHERE id = %s",
            [ID_NUMBER, PHONE, pk],
        )
    migration = personal.encrypt_existing("cases", "case", "applicant_id_number", "contact_phone")
    editor = SimpleNamespace(connection=connection)
    migration.code(apps, editor)
    columns = ["applicant_id_number", "contact_phone", "applicant_id_number_digest", "contact_phone_digest"]
    id_number, phone, id_digest, phone_digest = raw_row("cases_case", columns, "id", pk)
    assert personal.is_encrypted(id_number) and personal.is_encrypted(phone)
    assert personal.decrypt(id_number) == ID_NUMBER and id_digest == personal.digest(ID_NUMBER)
    assert list(Case.objects.filter(personal.matching("contact_phone", PHONE))) == [case] and phone_digest
    migration.reverse_code(apps, editor)
    assert raw_row("cases_case", columns, "id", pk) == (ID_NUMBER, PHONE, "", "")


def test_a_changed_legal_representative_is_found_by_the_new_number_and_the_trail_keeps_it_masked():
    from datetime import date

    from gaoxin.economy.actions import enterprise_record

    def record(id_number):
        return enterprise_record(
            actor=user("stats"),
            uscc="91410300MA44FUTP0T",
            name="洛阳某某投资有限公司",
            legal_representative="张晓明",
            established_on=date(2020, 1, 1),
            legal_representative_id=id_number,
        )

    record("410305199003152014")
    company = record(ID_NUMBER)
    company.refresh_from_db()
    assert company.legal_representative_id_digest == personal.digest(ID_NUMBER)
    trail = AuditEvent.objects.filter(subject_type="enterprise", subject_id=str(company.pk)).values_list(
        "data", flat=True
    )
    assert ID_NUMBER not in str(list(trail)) and MASKED_ID in str(list(trail))
