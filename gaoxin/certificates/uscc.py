"""New Unified Social Credit Codes for the enterprises the zone registers (GB 32100-2015).

Position 1 is the registration authority (9: 工商/市场监管), 2 the category (1: 企业), 3–8 the zone's division
code, 9–17 the organization code (GB 11714-1997: eight body characters and its own check character) and 18 the
USCC check character.
"""

import secrets

from django.conf import settings

from gaoxin.identity.validators import USCC_ALPHABET, check_uscc, uscc_check_character

# 洛阳高新技术产业开发区; a setting, so that another zone only changes configuration.
DEFAULT_DIVISION_CODE = "410371"
AUTHORITY_MARKET_REGULATION = "9"
CATEGORY_ENTERPRISE = "1"

ORGANIZATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# The body of an organization code drawn from characters that are also legal in a USCC (no I, O, Z, S, V).
ORGANIZATION_CODE_BODY_ALPHABET = USCC_ALPHABET


def division_code() -> str:
    code = settings.GAOXIN.get("DIVISION_CODE", DEFAULT_DIVISION_CODE)
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise ValueError(f"GAOXIN['DIVISION_CODE'] must be six digits, got {code!r}")
    return code


def _organization_code_value(char: str) -> int:
    """GB 11714-1997: digits count as themselves, letters A=10 … Z=35."""
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    raise ValueError(f"组织机构代码中不能出现字符 {char!r}")


def organization_code_check_character(body: str) -> str:
    """The 9th character of an organization code whose first eight characters are `body`."""
    if len(body) != len(ORGANIZATION_CODE_WEIGHTS):
        raise ValueError(f"组织机构代码本体应为8位，收到 {body!r}")
    total = sum(_organization_code_value(c) * w for c, w in zip(body, ORGANIZATION_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def new_organization_code() -> str:
    body = "".join(secrets.choice(ORGANIZATION_CODE_BODY_ALPHABET) for _ in ORGANIZATION_CODE_WEIGHTS)
    return body + organization_code_check_character(body)


def new_enterprise_uscc() -> str:
    """A fresh, valid USCC for an enterprise registered in the zone. Uniqueness is the caller's to check."""
    first17 = AUTHORITY_MARKET_REGULATION + CATEGORY_ENTERPRISE + division_code() + new_organization_code()
    code = first17 + uscc_check_character(first17)
    checked = check_uscc(code)
    if not checked.valid:  # cannot happen unless the alphabet or the division code is wrong
        raise ValueError(f"generated an invalid USCC {code}: {checked.error}")
    return code
