"""The certificates and filings that the integrated business license may replace (多证合一): the most it can carry.

Data, not code: data/integrated.json lists each one with the department that used to issue it. The first five
are the national 五证合一 (license, organization code, tax, social insurance, statistics); the rest are filings
that Chinese 多证合一 reforms folded into the license. A license carries only the entries that the granted steps of
its case integrate (BundleStep.integrates): a domestic company is not given a customs filing it never asked for.
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


def integrated_subset(codes) -> list[dict]:
    """The entries of the list with these codes, in the list's order."""
    wanted = set(codes)
    return [dict(entry) for entry in integrated_certificates() if entry["code"] in wanted]
