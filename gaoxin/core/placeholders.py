"""Placeholders in text an administrator edits — {申请人} in a document's template, {case_number} in a notification's:
one rule for what a placeholder is, which are refused and how a text is filled, so that every template the platform
keeps refuses the same mistakes in the same words."""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def placeholders_in(text: str) -> list[str]:
    """The names of the placeholders a text uses, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def placeholder_problems(allowed: Iterable[str], *texts: str) -> list[str]:
    """Why a template's text cannot be used: an unknown placeholder (named), or a brace left open."""
    allowed = tuple(allowed)
    problems = []
    for text in texts:
        for name in PLACEHOLDER.findall(text):
            if name not in allowed:
                problems.append(_("未知的占位符 {%(name)s}") % {"name": name})
        rest = PLACEHOLDER.sub("", text)
        if "{" in rest or "}" in rest:
            example = "{%s}" % (allowed[0] if allowed else "…")
            problems.append(_("花括号不成对：占位符写作 %(example)s 这样") % {"example": example})
    return list(dict.fromkeys(problems))


def substitute(text: str, values: dict) -> str:
    """The text with every placeholder replaced by its value (one without a value becomes empty)."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), "")), text)
