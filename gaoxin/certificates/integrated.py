"""The certificates and filings that the integrated business license replaces (多证合一).

Data, not code: data/integrated.json lists each one with the department that used to issue it. The first five
are the national 五证合一 (license, organization code, tax, social insurance, statistics); the rest are filings
that Chinese 多证合一 reforms folded into the license. A license keeps its own copy of the list as issued.
"""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "integrated.json"


@cache
def integrated_certificates() -> tuple[dict, ...]:
    entries = json.loads(DATA.read_text(encoding="utf-8"))
    codes = [entry["code"] for entry in entries]
    if len(codes) != len(set(codes)) or any(set(entry) != {"code", "name", "department"} for entry in entries):
        raise ValueError(f"{DATA}: each entry needs a unique code, a name and a department")
    return tuple(entries)
