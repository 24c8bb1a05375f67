"""Demo accounts (fictional people), all with the password gaoxin-demo; the three administrators with a fixed demo
authenticator key each (a second factor is required of them), shown on the login page in development mode only."""

import base64
import hashlib

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gaoxin.accounts.models import ApplicantKind, Department, Role, User
from gaoxin.accounts.signin import DEVICE_NAME
from gaoxin.identity.validators import uscc_check_character

DEMO_PASSWORD = "gaoxin-demo"
ENTERPRISE = {"applicant_kind": ApplicantKind.ENTERPRISE}


def demo_uscc(first17: str) -> str:
    return first17 + uscc_check_character(first17)


# username, display name, role, department code, applicant details
DEMO_ACCOUNTS = [
    ("applicant", "张晓明", Role.APPLICANT, None, {"id_number": "410305199003152014", "phone": "13800000001"}),
    ("applicant2", "李红梅", Role.APPLICANT, None, {"id_number": "41031119880720402X", "phone": "13800000002"}),
    ("window", "王芳", Role.CLERK, None, {}),
    ("leader", "赵志刚", Role.LEADER, None, {}),
    ("leader2", "钱文博", Role.LEADER, None, {}),
    ("officer", "孙立新", Role.OFFICER, "drc", {"phone": "13800000011"}),
    ("stats", "周敏", Role.STATISTICIAN, None, {"phone": "13800000021"}),
    ("admin", "系统管理员", Role.ADMIN, None, {}),
    ("security", "安全管理员", Role.SECURITY_ADMIN, None, {}),
    ("auditor", "审计管理员", Role.AUDIT_ADMIN, None, {}),
    ("amr", "市场监管审批员", Role.APPROVER, "amr", {}),
    ("police", "公安审批员", Role.APPROVER, "police", {}),
    ("tax", "税务审批员", Role.APPROVER, "tax", {}),
    ("hrss", "人社审批员", Role.APPROVER, "hrss", {}),
    ("hpf", "公积金审批员", Role.APPROVER, "hpf", {}),
    ("nrp", "自然资源规划审批员", Role.APPROVER, "nrp", {}),
    ("amr-head", "市场监管局负责人", Role.DEPT_HEAD, "amr", {"phone": "13800000031"}),
    ("police-head", "公安分局负责人", Role.DEPT_HEAD, "police", {"phone": "13800000032"}),
    # 万人助万企: the enterprise service office, the cadres who visit, and two companies of the economy register acting
    # through their legal representatives (their resident IDs are the register's, gaoxin/economy/data/enterprises.csv).
    ("office", "吴静怡", Role.DEMANDS_OFFICE, None, {"phone": "13800000041"}),
    ("cadre", "郑宏伟", Role.CADRE, None, {"phone": "13800000042"}),
    ("cadre2", "冯雪", Role.CADRE, None, {"phone": "13800000043"}),
    (
        "company",
        "陈志远",
        Role.APPLICANT,
        None,
        {
            **ENTERPRISE,
            "uscc": demo_uscc("91410300MA46X8QG2"),
            "id_number": "410305197503121012",
            "phone": "13800000051",
        },
    ),
    (
        "company2",
        "刘海波",
        Role.APPLICANT,
        None,
        {
            **ENTERPRISE,
            "uscc": demo_uscc("91410300MA40LK6R5"),
            "id_number": "410305198005212020",
            "phone": "13800000052",
        },
    ),
]


# The administrators' authenticator keys (TOTP, 20 bytes in hex as django-otp stores them): made up, public, demo only.
DEMO_SECOND_FACTORS = ("admin", "security", "auditor")


def demo_second_factor_key(username: str) -> str:
    return hashlib.sha1(f"gaoxin-demo-totp:{username}".encode()).hexdigest()


def demo_second_factor_keys() -> list[tuple[str, str]]:
    """(username, key in base32 as an authenticator app takes it) for the demo hint."""
    keys = [(username, bytes.fromhex(demo_second_factor_key(username))) for username in DEMO_SECOND_FACTORS]
    return [(username, base64.b32encode(key).decode()) for username, key in keys]


@transaction.atomic
def load_demo_accounts() -> list[tuple[str, str, str]]:
    """Create or refresh the demo accounts; returns (username, role, department) rows to print."""
    rows = []
    for username, name, role, department_code, extra in DEMO_ACCOUNTS:
        department = Department.objects.get(code=department_code) if department_code else None
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": name,
                "role": role,
                "department": department,
                "applicant_kind": ApplicantKind.PERSON,
                "uscc": "",
                "is_superuser": False,  # the superuser is for installing only (三权分立)
                **extra,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if username in DEMO_SECOND_FACTORS:
            TOTPDevice.objects.update_or_create(
                user=user, name=DEVICE_NAME, defaults={"key": demo_second_factor_key(username), "confirmed": True}
            )
        rows.append((username, Role(role).label, department.name if department else ""))
    return rows
