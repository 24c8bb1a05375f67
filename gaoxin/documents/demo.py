"""The demo's seals: the zone's approval seal (Ed25519) and the police sub-bureau's own seal (SM2/SM3), so that both
algorithms sign in the demo: every step is sealed by the approval seal except 公章刻制备案, which the police decide in
their own name."""

from datetime import date

from gaoxin.accounts.models import Department
from gaoxin.documents.actions import seal_save
from gaoxin.documents.models import Seal, SealAlgorithm

DEMO_SEALS = (
    {
        "code": "4103710000001",
        "authority": "洛阳高新技术产业开发区管理委员会",
        "purpose": "行政审批专用章",
        "department": None,
        "algorithm": SealAlgorithm.ED25519,
    },
    {
        "code": "4103710000002",
        "authority": "洛阳市公安局高新技术产业开发区分局",
        "purpose": "业务专用章",
        "department": "police",
        "algorithm": SealAlgorithm.SM2,
    },
)


def load_demo_seals() -> int:
    """Safe to run again: a seal that exists is left as it is (its documents name it)."""
    made = 0
    for spec in DEMO_SEALS:
        if Seal.objects.filter(code=spec["code"]).exists():
            continue
        department = Department.objects.filter(code=spec["department"]).first() if spec["department"] else None
        seal = Seal(**{**spec, "department": department}, valid_from=date(2026, 1, 1), valid_until=date(2035, 12, 31))
        seal_save(seal=seal, actor=None, changed=["code", "authority", "purpose", "department", "algorithm"])
        made += 1
    return made
