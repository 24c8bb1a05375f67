"""Public look-ups for identifiers typed into forms: /api/validate/uscc/{value} and /api/validate/resident-id/{value}.

Both always answer 200: "invalid" is the answer to the question, not a failed request, so the front end can show
the Chinese reason next to the field without treating it as an error.
"""

from typing import Any

from ninja import Router, Schema

from gaoxin.core.api import ERRORS
from gaoxin.identity.validators import Check, check_resident_id, check_uscc

router = Router(tags=["身份校验"])


class IdentityCheckOut(Schema):
    valid: bool
    error: str | None
    parts: dict[str, Any]


def _as_response(check: Check) -> dict:
    return {"valid": check.valid, "error": check.error, "parts": check.parts}


@router.get("/uscc/{value}", response={200: IdentityCheckOut, **ERRORS}, auth=None, summary="校验统一社会信用代码")
def validate_uscc_code(request, value: str):
    return _as_response(check_uscc(value))


@router.get("/resident-id/{value}", response={200: IdentityCheckOut, **ERRORS}, auth=None, summary="校验居民身份证号码")
def validate_resident_id_number(request, value: str):
    return _as_response(check_resident_id(value))
