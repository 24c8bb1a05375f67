"""What each kind of document may say, who sees documents, and which seal seals them: the one place for each."""

from datetime import date

from gaoxin.accounts.models import Role
from gaoxin.core.placeholders import placeholder_problems, substitute
from gaoxin.documents.models import DocumentKind

K = DocumentKind

# Every document can name these: the case, the issuer, and the zone's review bodies for the rights notice.
COMMON_PLACEHOLDERS = (
    "申请人",
    "办件编号",
    "事项",
    "申请日期",
    "机关",
    "日期",
    "复议机关",
    "复议期限",
    "法院",
    "诉讼期限",
)
# What each kind adds: the facts of its decision (行政许可法 §32, §38, §42).
KIND_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    K.ACCEPTANCE: ("受理日期", "法定期限", "承诺期限", "办结期限", "受理说明"),
    K.REFUSAL: ("理由",),
    K.CORRECTIONS: ("补正说明", "材料数"),
    K.GRANT: ("决定事项", "设定依据", "办理结果"),
    K.DENIAL: ("决定事项", "设定依据", "理由"),
    K.EXTENSION: ("决定事项", "原期限", "新期限", "延长天数", "理由"),
    K.COMPLETION: ("办结结果", "办结日期"),
}

# 行政复议法 (2023) §20: 60 days from knowing of the decision; 行政诉讼法 §46: six months.
REVIEW_DAYS = 60
LAWSUIT_MONTHS = 6


def allowed_placeholders(kind: str) -> tuple[str, ...]:
    return COMMON_PLACEHOLDERS + KIND_PLACEHOLDERS[kind]


def template_problems(kind: str, *texts: str) -> list[str]:
    """Why a template's text cannot be used: an unknown placeholder (named), or a brace left open."""
    return placeholder_problems(allowed_placeholders(kind), *texts)


def fill(text: str, values: dict[str, str]) -> list[str]:
    """The paragraphs of a template's text (one per line) with every placeholder replaced by its value."""
    filled = substitute(text, values)
    return [line.strip() for line in filled.splitlines() if line.strip()]


def may_manage_seals(user) -> bool:
    """Seals and templates are the system administrators' (DESIGN.md: system, security and audit administrators)."""
    return user.is_authenticated and user.role == Role.ADMIN


def written_date(day: date) -> str:
    """2026年12月2日: years in full, months and days without a leading zero (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"
