"""三权分立: the system, security and audit administrators each do their own part of the admin site and nothing of the
others'; no permission can be granted beside the role; every admin change, role change and audit export is in the
tamper-evident trail."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from gaoxin.accounts.models import Role, User
from gaoxin.core.audit import audit_problems
from gaoxin.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CATALOG = "/admin/catalog/serviceitem/"
ACCOUNTS = "/admin/accounts/user/"
AUDIT_TRAIL = "/admin/core/auditevent/"


def as_(client, username):
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize(
    "username, allowed, refused",
    [
        ("admin", [CATALOG, "/admin/workdays/calendaryear/", "/admin/accounts/department/"], [ACCOUNTS, AUDIT_TRAIL]),
        ("security", [ACCOUNTS, ACCOUNTS + "add/", "/admin/accounts/apitoken/"], [CATALOG, AUDIT_TRAIL]),
        ("auditor", [AUDIT_TRAIL, ACCOUNTS], [ACCOUNTS + "add/", CATALOG, "/admin/documents/seal/"]),
    ],
)
def test_each_administrator_is_refused_what_belongs_to_another(client, username, allowed, refused):
    as_(client, username)
    for path in allowed:
        assert client.get(path).status_code == 200, path
    for path in refused:
        assert client.get(path).status_code == 403, path


def test_the_audit_page_is_the_audit_administrators_only(client):
    for username in ("admin", "security", "leader", "applicant"):
        assert as_(client, username).get("/audit/").status_code == 404, username
    page = as_(client, "auditor").get("/audit/")
    assert page.status_code == 200 and "审计记录" in page.content.decode()


def test_no_account_is_a_superuser_and_none_gets_a_permission_beside_its_role(client):
    assert not User.objects.filter(is_superuser=True).exists()
    clerk = User.objects.get(username="window")
    clerk.user_permissions.add(Permission.objects.get(codename="change_serviceitem"))
    clerk = User.objects.get(pk=clerk.pk)
    assert not clerk.is_staff and not clerk.has_perm("catalog.change_serviceitem")
    assert client.get(CATALOG).status_code == 302
    assert as_(client, "window").get(CATALOG).status_code == 302  # not staff: the admin's own login


def test_the_security_administrator_cannot_make_a_superuser_nor_change_their_own_role(client):
    as_(client, "security")
    security = User.objects.get(username="security")
    page = client.get(f"{ACCOUNTS}{security.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="role"' not in page, "their own role is shown, not editable"


def test_a_role_change_in_the_admin_is_audited_and_moves_the_account_to_the_new_part(client):
    as_(client, "security")
    stats = User.objects.get(username="stats")
    data = {
        "username": "stats",
        "role": Role.ADMIN,
        "display_name": stats.display_name,
        "applicant_kind": stats.applicant_kind,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "phone": stats.phone,
    }
    response = client.post(f"{ACCOUNTS}{stats.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stats.refresh_from_db()
    assert stats.role == Role.ADMIN and stats.is_staff and stats.has_perm("catalog.change_serviceitem")
    chain = AuditEvent.objects.filter(subject_type="user", subject_id=str(stats.pk))
    assert chain.filter(action="role_change", from_state=Role.STATISTICIAN, to_state=Role.ADMIN).exists()
    assert AuditEvent.objects.filter(subject_type="admin", subject_id=f"accounts.user:{stats.pk}").exists()
    assert not list(audit_problems())


def test_the_audit_administrator_filters_and_exports_and_the_export_is_recorded(client):
    as_(client, "security").post(
        f"{ACCOUNTS}{User.objects.get(username='stats').pk}/change/", {"username": "stats"}
    )  # a refused form: nothing recorded
    AuditEvent.objects.filter(action="audit_export").delete()
    auditor = as_(client, "auditor")
    page = auditor.get("/audit/", {"subject_type": "user", "since": "2000-01-01", "until": "not a date"})
    assert page.status_code == 200
    export = auditor.get("/audit/", {"subject_type": "user", "export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "时间" and all(row[1] == "user" for row in rows[1:])
    recorded = AuditEvent.objects.get(action="audit_export")
    assert recorded.actor.username == "auditor" and recorded.data["filters"] == {"subject_type": "user"}
