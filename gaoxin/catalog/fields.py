"""The fields of a bundle's application form and of a step's result: data in the catalog, checked by one function.

A spec is a list of fields, each a dict:

    {"key": "company_type", "label": "企业类型", "kind": "choice", "choices": [...], "required": true, "help": "…"}

Kinds: text, textarea, amount (a positive decimal with two places), integer ("min", "max"), date (YYYY-MM-DD), choice
("choices"), id_number (GB 11643), uscc (GB 32100), id_or_uscc (either), phone, pattern ("pattern", a regular
expression the whole answer must match, and "pattern_help", what it looks like in words), and rows ("fields", the spec
of one row, with "min" and "max" rows). An amount may say "sum_of": "rows.column": it must equal that column's sum
(注册资本 equals the shareholders' contributions). A text may say "max_length" (at most 200), where what it
fills has a shorter column (the license's 法定代表人).

The API, the pages and the admin all check answers with `clean_answers`, so a message is the same wherever it is
typed, and each error carries the path of its field (form.shareholders.1.id_number) to sit beside it.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gaoxin.core import personal
from gaoxin.core.errors import FieldErrors
from gaoxin.identity.validators import check_resident_id, check_uscc, normalize_phone, phone_error

KINDS = {
    "text",
    "textarea",
    "amount",
    "integer",
    "date",
    "choice",
    "id_number",
    "uscc",
    "id_or_uscc",
    "phone",
    "pattern",
    "rows",
}
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Mobile numbers (11 digits starting 1) or landlines with area code (0379-12345678).
TEXT_LIMIT, TEXTAREA_LIMIT = 200, 4000
MAX_AMOUNT = Decimal("1e12")
MAX_ROWS = 100
RESIDENT_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


# The form of an item applied for on its own: a note (an item carries no form of its own yet).
ITEM_FORM_FIELDS = [{"key": "note", "label": "申请事项说明", "kind": "textarea", "required": False}]


# --- the spec itself (checked when an administrator saves it, and when the demo loads it) ---------------------------


def spec_problems(spec, *, where: str = "") -> list[str]:
    """What is wrong with a spec, in words an administrator understands; empty when it is fine."""
    if not isinstance(spec, list):
        return [_("%(where)s应为字段列表") % {"where": where}]
    problems, keys = [], set()
    for n, field in enumerate(spec, start=1):
        here = f"{where}第 {n} 个字段"
        if not isinstance(field, dict):
            problems.append(_("%(here)s应为对象") % {"here": here})
            continue
        key, kind = field.get("key"), field.get("kind", "text")
        if not isinstance(key, str) or not KEY.match(key):
            problems.append(_("%(here)s的 key 应为小写字母开头的英文标识") % {"here": here})
        elif key in keys:
            problems.append(_("%(here)s的 key “%(key)s”重复") % {"here": here, "key": key})
        keys.add(key)
        if not isinstance(field.get("label"), str) or not field["label"].strip():
            problems.append(_("%(here)s缺少 label（字段名称）") % {"here": here})
        if kind not in KINDS:
            problems.append(_("%(here)s的类型“%(kind)s”未知") % {"here": here, "kind": kind})
        if kind == "choice" and not (isinstance(field.get("choices"), list) and field["choices"]):
            problems.append(_("%(here)s是选择题，需要 choices") % {"here": here})
        if kind == "pattern":
            try:
                re.compile(field.get("pattern") or "")
            except re.error:
                problems.append(_("%(here)s的 pattern 不是有效的正则表达式") % {"here": here})
            if not field.get("pattern"):
                problems.append(_("%(here)s缺少 pattern") % {"here": here})
        if kind == "rows":
            problems += spec_problems(field.get("fields"), where=f"{here}的")
        if field.get("sum_of"):
            rows_key, _dot, column = str(field["sum_of"]).partition(".")
            rows = next((f for f in spec if isinstance(f, dict) and f.get("key") == rows_key), None)
            if kind != "amount" or rows is None or column not in {f.get("key") for f in rows.get("fields") or []}:
                problems.append(_("%(here)s的 sum_of 应指向本表中某个明细表的金额列") % {"here": here})
    return problems


def application_fields(bundle) -> list[dict]:
    """The application form of a bundle, or of an item applied for on its own (None)."""
    return bundle.form_fields if bundle is not None else ITEM_FORM_FIELDS


# --- answers as a person reads them ---------------------------------------------------------------------------------


def answer_lines(spec: list[dict], answers) -> list[tuple[str, str]]:
    """(label, text) per answer in the spec's order, a table one line per row; keys the spec lacks come last."""
    if not isinstance(answers, dict):
        return []
    lines, known = [], set()
    for field in spec:
        known.add(field["key"])
        value = answers.get(field["key"])
        if _blank(value):
            continue
        if field.get("kind") == "rows" and isinstance(value, list):
            value = "\n".join(_row_text(field["fields"], row) for row in value if isinstance(row, dict))
        lines.append((field["label"], str(value)))
    lines += [(key, str(value)) for key, value in answers.items() if key not in known]
    return lines


def masked_answers(spec: list[dict], answers):
    """The answers with every resident ID number and phone masked (a table's cells too), for a reader who does not
    handle the case (docs/decisions/0029). A company's USCC is not personal data and stays."""
    if not isinstance(answers, dict):
        return answers
    masked = dict(answers)
    for field in spec:
        value = answers.get(field["key"])
        if field.get("kind") == "rows" and isinstance(value, list):
            masked[field["key"]] = [masked_answers(field["fields"], row) for row in value]
        elif isinstance(value, str):
            masked[field["key"]] = _masked(field.get("kind"), value)
    return masked


def _masked(kind: str | None, value: str) -> str:
    if kind == "id_number" or (kind == "id_or_uscc" and RESIDENT_ID_SHAPE.match(value)):
        return personal.mask_id_number(value)
    if kind == "phone":
        return personal.mask_phone(value)
    return value


def _row_text(columns: list[dict], row: dict) -> str:
    cells = [
        _("%(label)s：%(value)s") % {"label": c["label"], "value": row[c["key"]]}
        for c in columns
        if not _blank(row.get(c["key"]))
    ]
    # Translators: between the cells of one row of a table on a case page (Chinese full-width comma).
    return pgettext("row cells", "，").join(cells)


# --- answers ---------------------------------------------------------------------------------------------------------


def clean_answers(spec: list[dict], answers, *, prefix: str) -> dict:
    """The answers as stored (JSON: amounts as strings, IDs upper-case), or FieldErrors naming every bad field."""
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise FieldErrors({prefix: _("应为对象（键值对）")})
    errors: dict[str, str] = {}
    cleaned = _clean_fields(spec, answers, prefix, errors)
    for field in spec:
        if field.get("sum_of") and field["key"] in cleaned:
            _check_sum(field, cleaned, prefix, errors)
    if errors:
        raise FieldErrors(errors)
    return cleaned


def _clean_fields(spec, answers: dict, prefix: str, errors: dict) -> dict:
    cleaned = {}
    for field in spec:
        path = f"{prefix}.{field['key']}"
        value = answers.get(field["key"])
        if field.get("kind") == "rows":
            rows = _clean_rows(field, value, path, errors)
            if rows:
                cleaned[field["key"]] = rows
            continue
        if _blank(value):
            if field.get("required", True):
                errors[path] = _("请填写%(label)s") % {"label": field["label"]}
            continue
        try:
            cleaned[field["key"]] = _clean_value(field, value)
        except ValueError as error:
            errors[path] = str(error)
    return cleaned


def _clean_rows(field: dict, value, path: str, errors: dict) -> list[dict]:
    if _blank(value):
        value = []
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        errors[path] = _("%(label)s应为明细行的列表") % {"label": field["label"]}
        return []
    rows = [row for row in value if not all(_blank(v) for v in row.values())]
    least = int(field.get("min", 1 if field.get("required", True) else 0))
    most = min(int(field.get("max", MAX_ROWS)), MAX_ROWS)
    if len(rows) < least:
        errors[path] = _("%(label)s至少填写 %(n)d 行") % {"label": field["label"], "n": least}
    if len(rows) > most:
        errors[path] = _("%(label)s最多填写 %(n)d 行") % {"label": field["label"], "n": most}
        return []
    return [_clean_fields(field["fields"], row, f"{path}.{n}", errors) for n, row in enumerate(rows)]


def _check_sum(field: dict, cleaned: dict, prefix: str, errors: dict) -> None:
    rows_key, _dot, column = field["sum_of"].partition(".")
    if any(path.startswith(f"{prefix}.{rows_key}") for path in errors):
        return  # a sum of rows that are themselves wrong says nothing
    total = sum((Decimal(row[column]) for row in cleaned.get(rows_key, []) if column in row), Decimal("0"))
    if Decimal(cleaned[field["key"]]) != total:
        errors[f"{prefix}.{field['key']}"] = _("%(label)s（%(value)s）应等于各行出资额之和（%(total)s）") % {
            "label": field["label"],
            "value": cleaned[field["key"]],
            "total": _plain(total),
        }


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _clean_value(field: dict, value):
    """One answer, cleaned, or ValueError with the message for the person who typed it."""
    kind = field.get("kind", "text")
    if kind == "amount":
        return _plain(_amount(value))
    if kind == "integer":
        return _integer(field, value)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError(_("应为文字"))
    text = str(value).strip()
    if kind == "textarea":
        return _limited(text, TEXTAREA_LIMIT)
    text = " ".join(text.split())
    if kind in ("id_number", "uscc", "id_or_uscc"):
        return _identifier(kind, text)
    if kind == "phone":
        phone = normalize_phone(text)
        if phone is None:
            raise ValueError(phone_error())
        return phone
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_("请按 年-月-日 填写日期，如 2026-12-02")) from None
    if kind == "choice":
        if text not in field["choices"]:
            raise ValueError(_("请从以下选项中选择：%(choices)s") % {"choices": "、".join(field["choices"])})
        return text
    if kind == "pattern" and not re.fullmatch(field["pattern"], text):
        raise ValueError(field.get("pattern_help") or _("格式不正确"))
    return _limited(text, min(int(field.get("max_length", TEXT_LIMIT)), TEXT_LIMIT))


def _limited(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(_("不能超过 %(limit)d 个字") % {"limit": limit})
    return text


def _amount(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(_("请填写金额（数字）"))
    text = "".join(str(value).split()).replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("请填写金额（数字），如 100 或 12.5")) from None
    if not amount.is_finite() or amount <= 0 or amount >= MAX_AMOUNT:
        raise ValueError(_("金额应大于 0"))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("金额最多保留两位小数"))
    return amount


def _plain(amount: Decimal) -> str:
    """An amount as JSON keeps it: 100, 12.5 (no exponent, no trailing zeros)."""
    return format(amount.quantize(Decimal("0.01")).normalize(), "f")


def _integer(field: dict, value) -> int:
    if isinstance(value, bool):
        raise ValueError(_("请填写整数"))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(_("请填写整数")) from None
    least, most = int(field.get("min", 0)), int(field.get("max", 1_000_000))
    if not least <= number <= most:
        raise ValueError(_("应在 %(least)d 到 %(most)d 之间") % {"least": least, "most": most})
    return number


def _identifier(kind: str, text: str) -> str:
    """A resident ID or a USCC, checked as the applicant's own are (gaoxin.identity.validators)."""
    text = text.replace(" ", "").upper()
    if kind == "id_or_uscc":
        if check_uscc(text).valid or check_resident_id(text).valid:
            return text
        kind = "id_number" if RESIDENT_ID_SHAPE.match(text) else "uscc"
    result = check_uscc(text) if kind == "uscc" else check_resident_id(text)
    if not result.valid:
        raise ValueError(result.error)
    return text
