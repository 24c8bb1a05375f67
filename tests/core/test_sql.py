"""The hand-written reads of gaoxin.core.sql give the same instances as the ORM, on SQLite and PostgreSQL."""

import uuid

import pytest
from django.db import connection

from gaoxin.cases.models import Case, CaseMaterial, Task
from gaoxin.core import sql
from tests.cases.test_api_flow import approve_own_task, create_and_fill


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.fixture
def approved_case(api) -> Case:
    """A company set-up case through its whole life: every column type of a case and its tasks is set."""
    applicant, window = api("applicant"), api("window")
    case = create_and_fill(applicant)
    applicant.post(f"/api/cases/{case['id']}/submit")
    window.post(f"/api/cases/{case['id']}/accept", {"note": "材料齐全"})
    for approver in ("amr", "police", "tax", "hrss", "hpf"):
        approve_own_task(api(approver), case["id"])
    return Case.objects.get(pk=case["id"])


@pytest.mark.parametrize("model", [Case, Task, CaseMaterial])
def test_one_reads_what_the_orm_reads(approved_case, model):
    rows = model.objects.filter(case=approved_case) if model is not Case else Case.objects.filter(pk=approved_case.pk)
    for expected in rows:
        read = sql.one(model, f"FROM {model._meta.db_table} WHERE id = %s", [sql.db_value(model, "id", expected.pk)])
        assert _fields(read) == _fields(expected)
        assert not read._state.adding and read._state.db == expected._state.db


def test_a_read_instance_saves_back_only_its_changed_fields(approved_case):
    read = sql.one(Case, "FROM cases_case WHERE id = %s", [sql.db_value(Case, "id", approved_case.pk)])
    read.clerk_note = "复核"
    read.save(update_fields=["clerk_note"])
    approved_case.refresh_from_db()
    assert approved_case.clerk_note == "复核" and approved_case.plan == read.plan and approved_case.form == read.form


def test_one_is_none_when_nothing_matches(db):
    assert sql.one(Case, "FROM cases_case WHERE number = %s", ["GX0000000000"]) is None


def test_row_locks_only_where_the_database_has_them(db):
    assert sql.for_update() == (" FOR UPDATE" if connection.vendor == "postgresql" else "")


def test_first_column_exists_and_execute(approved_case):
    case_id = sql.db_value(Case, "id", approved_case.pk)
    stages = sql.first_column("SELECT stage FROM cases_task WHERE case_id = %s ORDER BY stage", [case_id])
    assert stages == [1, 2, 2, 2, 2]
    assert sql.exists("SELECT 1 FROM cases_task WHERE case_id = %s AND stage = %s", [case_id, 2])
    assert not sql.exists("SELECT 1 FROM cases_task WHERE case_id = %s AND stage = %s", [case_id, 3])
    assert sql.execute("UPDATE cases_task SET reason = %s WHERE case_id = %s AND stage = %s", ["复核", case_id, 2]) == 4


def test_save_fields_writes_what_save_with_update_fields_writes(approved_case):
    task = approved_case.tasks.order_by("stage", "id").first()
    other = approved_case.tasks.exclude(pk=task.pk).first()
    decider = other.decided_by
    task.reason, task.decided_by, task.status = "复核：材料齐全", decider, "denied"
    sql.save_fields(task, ["reason", "decided_by", "status"])
    task.refresh_from_db()
    assert (task.reason, task.decided_by_id, task.status) == ("复核：材料齐全", decider.pk, "denied")
    approved_case.form = {"company_name": "洛阳复核有限公司", "capital": 100}
    sql.save_fields(approved_case, ["form"])
    assert Case.objects.get(pk=approved_case.pk).form == {"company_name": "洛阳复核有限公司", "capital": 100}


def test_save_fields_fails_when_the_row_is_gone(approved_case):
    from django.db import DatabaseError

    gone = Case(pk=uuid.uuid4(), clerk_note="x")
    with pytest.raises(DatabaseError):
        sql.save_fields(gone, ["clerk_note"])


def test_insert_writes_what_save_with_force_insert_writes(approved_case):
    from gaoxin.cases.models import MaterialFile

    kept = MaterialFile.objects.filter(case_material__case=approved_case).first()
    copy = MaterialFile(
        case_material=kept.case_material,
        file=kept.file.name,
        original_name="营业执照（复印件）.pdf",
        content_type=kept.content_type,
        size=kept.size,
        sha256=kept.sha256,
        uploaded_by=kept.uploaded_by,
    )
    sql.insert(copy)
    assert not copy._state.adding and copy.uploaded_at is not None
    stored = MaterialFile.objects.get(pk=copy.pk)
    assert _fields(stored) == _fields(copy)
    assert stored.file.name == kept.file.name and stored.from_wallet is False
