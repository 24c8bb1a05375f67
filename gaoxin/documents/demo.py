"""The demo's seals: the zone's approval seal (Ed25519) and the police sub-bureau's own seal (SM2/SM3), so that both
algorithms sign in the demo: every step is sealed by the approval seal except 公章刻制备案, which the police decide in
their own name."""

import json
from datetime import date
from pathlib import Path

from gaoxin.accounts.models import Department
from gaoxin.documents.actions import seal_save
from gaoxin.documents.models import Seal

# Also read by bench/load/servers.py, which gives the department seals their keys in production mode.
DEMO_SEALS_FILE = Path(__file__).parent / "data" / "demo_seals.json"


def load_demo_seals() -> int:
    """Safe to run again: a seal that exists is left as it is (its documents name it)."""
    made = 0
    for spec in json.loads(DEMO_SEALS_FILE.read_text(encoding="utf-8")):
        if Seal.objects.filter(code=spec["code"]).exists():
            continue
        department = Department.objects.filter(code=spec["department"]).first() if spec["department"] else None
        seal = Seal(**{**spec, "department": department}, valid_from=date(2026, 1, 1), valid_until=date(2035, 12, 31))
        seal_save(seal=seal, actor=None, changed=["code", "authority", "purpose", "department", "algorithm"])
        made += 1
    return made
