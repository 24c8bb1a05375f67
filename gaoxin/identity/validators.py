"""Checks for the two identifiers people type most: the Unified Social Credit Code and the resident ID number.

Each check returns a `Check` instead of raising, so the API can answer "is this valid, and why not" with a 200,
while `validate_uscc` / `validate_resident_id` wrap the same checks for Django model and form fields.
Error messages (Chinese msgids, translated in the active language) name the first problem found, in the order a
person would fix them. The names in `parts` stay Chinese (data, as the API returns them); they are marked with
gettext_noop so a page can show them translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# ---------------------------------------------------------------------------
# Shared plumbing
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    valid: bool
    error: str | None
    parts: dict = field(default_factory=dict)


def _invalid(error: str) -> Check:
    return Check(valid=False, error=error, parts={})


def _normalize(value: str | None) -> str:
    """Drop every kind of whitespace (people paste codes split into groups) and upper-case ASCII letters only.

    Only ASCII is upper-cased because str.upper() can change the length of other characters ("ß" -> "SS"),
    which would make the reported length and positions disagree with what the person typed.
    """
    text = "" if value is None else str(value)
    compact = "".join(text.split())
    return "".join(char.upper() if char.isascii() else char for char in compact)


ASCII_DIGITS = "0123456789"


def _all_ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts full-width and other Unicode digits, which no register issues.
    return all(char in ASCII_DIGITS for char in text)


# ---------------------------------------------------------------------------
# Unified Social Credit Code, GB 32100-2015
# ---------------------------------------------------------------------------

USCC_LENGTH = 18
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Position 1. GB 32100-2015 Appendix A, plus the letters allocated since (A, N, G). The list keeps growing,
# so an unknown letter is refused with a message that says so rather than pretending the code is malformed.
REGISTRATION_AUTHORITIES = {
    "1": gettext_noop("机构编制"),
    "2": gettext_noop("外交"),
    "3": gettext_noop("司法行政"),
    "4": gettext_noop("文化"),
    "5": gettext_noop("民政"),
    "6": gettext_noop("旅游"),
    "7": gettext_noop("宗教"),
    "8": gettext_noop("工会"),
    "9": gettext_noop("工商"),
    "A": gettext_noop("中央军委改革和编制办公室"),
    "G": gettext_noop("公安"),
    "N": gettext_noop("农业"),
    "Y": gettext_noop("其他"),
}

# Position 2, named where the category is in GB 32100-2015 (and the N list for rural collectives).
# Deliberately NOT used to refuse codes: authorities have added categories since 2015 (for example 民政 54/55,
# 工会 82), so a closed table would reject real, valid codes. An unknown category just has no name.
CATEGORY_NAMES = {
    "1": {
        "1": gettext_noop("机关"),
        "2": gettext_noop("事业单位"),
        "3": gettext_noop("中央编办直接管理机构编制的群众团体"),
        "9": gettext_noop("其他"),
    },
    "2": {"1": gettext_noop("外国常驻新闻机构"), "9": gettext_noop("其他")},
    "3": {
        "1": gettext_noop("律师执业机构"),
        "2": gettext_noop("公证处"),
        "3": gettext_noop("基层法律服务所"),
        "4": gettext_noop("司法鉴定机构"),
        "5": gettext_noop("仲裁委员会"),
        "9": gettext_noop("其他"),
    },
    "4": {"1": gettext_noop("外国在华文化中心"), "9": gettext_noop("其他")},
    "5": {
        "1": gettext_noop("社会团体"),
        "2": gettext_noop("民办非企业单位"),
        "3": gettext_noop("基金会"),
        "9": gettext_noop("其他"),
    },
    "6": {
        "1": gettext_noop("外国政府旅游部门常驻代表机构"),
        "2": gettext_noop("港澳台地区旅游部门常驻内地（大陆）代表机构"),
        "9": gettext_noop("其他"),
    },
    "7": {"1": gettext_noop("宗教活动场所"), "2": gettext_noop("宗教院校"), "9": gettext_noop("其他")},
    "8": {"1": gettext_noop("基层工会"), "9": gettext_noop("其他")},
    "9": {"1": gettext_noop("企业"), "2": gettext_noop("个体工商户"), "3": gettext_noop("农民专业合作社")},
    "N": {
        "1": gettext_noop("组级集体经济组织"),
        "2": gettext_noop("村级集体经济组织"),
        "3": gettext_noop("乡镇级集体经济组织"),
        "9": gettext_noop("其他"),
    },
    "Y": {"1": gettext_noop("其他")},
}


def uscc_check_character(first17: str) -> str:
    """The 18th character of a USCC whose first 17 characters are `first17` (upper case, USCC alphabet)."""
    if len(first17) != USCC_LENGTH - 1 or any(char not in USCC_ALPHABET for char in first17):
        raise ValueError(f"需要17个统一社会信用代码字符，收到 {first17!r}")
    weighted_sum = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - weighted_sum % 31) % 31]


def _uscc_illegal_character_error(code: str) -> str | None:
    for position, char in enumerate(code, start=1):
        if char not in USCC_ALPHABET:
            return _(
                "统一社会信用代码第%(position)s位字符“%(char)s”不合法：只允许数字和除I、O、Z、S、V以外的大写字母"
            ) % {"position": position, "char": char}
    return None


def _uscc_structure_error(code: str) -> str | None:
    authority = code[0]
    if authority not in REGISTRATION_AUTHORITIES:
        return _("统一社会信用代码第1位登记管理部门代码“%(code)s”无效") % {"code": authority}
    division_code = code[2:8]
    if not _all_ascii_digits(division_code):
        return _("统一社会信用代码第3-8位行政区划码应为6位数字，实际为“%(code)s”") % {"code": division_code}
    return None


def _uscc_check_character_error(code: str) -> str | None:
    expected = uscc_check_character(code[:17])
    actual = code[17]
    if actual != expected:
        return _("校验码错误：应为%(expected)s，实际为%(actual)s") % {"expected": expected, "actual": actual}
    return None


def _uscc_parts(code: str) -> dict:
    authority, category = code[0], code[1]
    return {
        "registration_authority": {"code": authority, "name": REGISTRATION_AUTHORITIES[authority]},
        "category": {"code": category, "name": CATEGORY_NAMES.get(authority, {}).get(category)},
        "division_code": code[2:8],
        "organization_code": code[8:17],
        "check_character": code[17],
    }


def check_uscc(value: str) -> Check:
    code = _normalize(value)
    if not code:
        return _invalid(_("请输入统一社会信用代码"))
    if len(code) != USCC_LENGTH:
        return _invalid(_("统一社会信用代码应为18位，实际为%(length)s位") % {"length": len(code)})
    error = _uscc_illegal_character_error(code) or _uscc_structure_error(code) or _uscc_check_character_error(code)
    if error:
        return _invalid(error)
    return Check(valid=True, error=None, parts=_uscc_parts(code))


# ---------------------------------------------------------------------------
# Resident ID number, GB 11643-1999
# ---------------------------------------------------------------------------

RESIDENT_ID_LENGTH = 18
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# First two digits of the GB/T 2260 region code.
PROVINCES = {
    "11": gettext_noop("北京市"),
    "12": gettext_noop("天津市"),
    "13": gettext_noop("河北省"),
    "14": gettext_noop("山西省"),
    "15": gettext_noop("内蒙古自治区"),
    "21": gettext_noop("辽宁省"),
    "22": gettext_noop("吉林省"),
    "23": gettext_noop("黑龙江省"),
    "31": gettext_noop("上海市"),
    "32": gettext_noop("江苏省"),
    "33": gettext_noop("浙江省"),
    "34": gettext_noop("安徽省"),
    "35": gettext_noop("福建省"),
    "36": gettext_noop("江西省"),
    "37": gettext_noop("山东省"),
    "41": gettext_noop("河南省"),
    "42": gettext_noop("湖北省"),
    "43": gettext_noop("湖南省"),
    "44": gettext_noop("广东省"),
    "45": gettext_noop("广西壮族自治区"),
    "46": gettext_noop("海南省"),
    "50": gettext_noop("重庆市"),
    "51": gettext_noop("四川省"),
    "52": gettext_noop("贵州省"),
    "53": gettext_noop("云南省"),
    "54": gettext_noop("西藏自治区"),
    "61": gettext_noop("陕西省"),
    "62": gettext_noop("甘肃省"),
    "63": gettext_noop("青海省"),
    "64": gettext_noop("宁夏回族自治区"),
    "65": gettext_noop("新疆维吾尔自治区"),
    "71": gettext_noop("台湾省"),
    "81": gettext_noop("香港特别行政区"),
    "82": gettext_noop("澳门特别行政区"),
}


def resident_id_check_character(first17: str) -> str:
    """The 18th character (ISO 7064 MOD 11-2) of a resident ID whose first 17 digits are `first17`."""
    if len(first17) != RESIDENT_ID_LENGTH - 1 or not _all_ascii_digits(first17):
        raise ValueError(f"需要17位数字，收到 {first17!r}")
    weighted_sum = sum(int(digit) * weight for digit, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARACTERS[weighted_sum % 11]


def _resident_id_character_error(number: str) -> str | None:
    for position, char in enumerate(number[:17], start=1):
        if char not in ASCII_DIGITS:
            return _("身份证号码第%(position)s位字符“%(char)s”不是数字") % {"position": position, "char": char}
    last = number[17]
    if last not in ASCII_DIGITS and last != "X":
        return _("身份证号码第18位应为数字或X，实际为“%(char)s”") % {"char": last}
    return None


def _resident_id_region_error(number: str) -> str | None:
    province_code = number[:2]
    if province_code not in PROVINCES:
        return _("身份证号码前两位“%(code)s”不是有效的省级行政区划代码") % {"code": province_code}
    return None


def _parse_birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _resident_id_birth_date_error(number: str, today: date) -> str | None:
    digits = number[6:14]
    birth_date = _parse_birth_date(digits)
    if birth_date is None:
        return _("身份证号码中的出生日期“%(digits)s”不是有效日期") % {"digits": digits}
    if birth_date < EARLIEST_BIRTH_DATE:
        return _("身份证号码中的出生日期%(date)s早于1900-01-01") % {"date": birth_date.isoformat()}
    if birth_date > today:
        return _("身份证号码中的出生日期%(date)s晚于今天") % {"date": birth_date.isoformat()}
    return None


def _resident_id_check_character_error(number: str) -> str | None:
    expected = resident_id_check_character(number[:17])
    actual = number[17]
    if actual != expected:
        return _("校验码错误：应为%(expected)s，实际为%(actual)s") % {"expected": expected, "actual": actual}
    return None


def _resident_id_parts(number: str) -> dict:
    sequence = int(number[14:17])
    return {
        "region_code": number[:6],
        "province": PROVINCES[number[:2]],
        "birth_date": _parse_birth_date(number[6:14]).isoformat(),
        "sex": gettext_noop("男") if sequence % 2 else gettext_noop("女"),
        "check_character": number[17],
    }


def check_resident_id(value: str, *, today: date | None = None) -> Check:
    """`today` defaults to the local date in settings.TIME_ZONE, so a birth "today" in China is not "future"."""
    number = _normalize(value)
    if not number:
        return _invalid(_("请输入身份证号码"))
    if len(number) != RESIDENT_ID_LENGTH:
        return _invalid(_("身份证号码应为18位，实际为%(length)s位") % {"length": len(number)})
    error = (
        _resident_id_character_error(number)
        or _resident_id_region_error(number)
        or _resident_id_birth_date_error(number, today or timezone.localdate())
        or _resident_id_check_character_error(number)
    )
    if error:
        return _invalid(error)
    return Check(valid=True, error=None, parts=_resident_id_parts(number))


# ---------------------------------------------------------------------------
# Django field validators
# ---------------------------------------------------------------------------


def _raise_if_invalid(check: Check) -> None:
    if not check.valid:
        raise ValidationError(check.error, code="invalid")


def validate_uscc(value: str) -> None:
    _raise_if_invalid(check_uscc(value))


def validate_resident_id(value: str) -> None:
    _raise_if_invalid(check_resident_id(value))


# ---------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------

PHONE_SEPARATORS = str.maketrans("", "", " \t-－—()（）.")
MOBILE_DIGITS = 11
# 010 and 02x are the only three-digit area codes (Beijing, and the large cities 020–029); the others have four.
THREE_DIGIT_AREA_STARTS = ("01", "02")


def normalize_phone(value: str | None) -> str | None:
    """A phone number as people type it (`138 1234 5678`, `+86 138-1234-5678`, `(0379) 6432 1000`) in one form:
    11 digits for a mobile, `0379-64321000` for a fixed line; None when it is neither."""
    digits = (value or "").strip().translate(PHONE_SEPARATORS)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == MOBILE_DIGITS + 2:
        digits = digits[2:]
    if not _all_ascii_digits(digits):
        return None
    if len(digits) == MOBILE_DIGITS and digits[0] == "1" and digits[1] in "3456789":
        return digits
    if digits.startswith("0"):
        area = 3 if digits.startswith(THREE_DIGIT_AREA_STARTS) else 4
        local = digits[area:]
        if 7 <= len(local) <= 8 and local[0] != "0":
            return f"{digits[:area]}-{local}"
    return None


def phone_error() -> str:
    return _("请输入 11 位手机号码，或带区号的固定电话（如 0379-12345678）")
