"""Figures on the key-project pages: 万元 with thousands separators, 亿元 where that reads better, signed points."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()

TEN_THOUSAND = Decimal(10000)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


@register.filter
def wan(value) -> str:
    """2807200 → "2,807,200.00" (万元)."""
    number = _decimal(value)
    return "—" if number is None else f"{number:,.2f}"


@register.filter
def yi(value) -> str:
    """万元 → 亿元 to two decimals: 2807200 → "280.72"."""
    number = _decimal(value)
    if number is None:
        return "—"
    return f"{(number / TEN_THOUSAND).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


@register.filter
def money(value) -> str:
    """An amount in 万元 as it reads best: 亿元 from 1 亿 up, else 万元."""
    number = _decimal(value)
    if number is None:
        return "—"
    if abs(number) >= TEN_THOUSAND:
        return _("%(amount)s 亿元") % {"amount": yi(number)}
    return _("%(amount)s 万元") % {"amount": wan(number)}


@register.filter
def points(value) -> str:
    """Percentage points with their sign: 13.8 → "+13.8"."""
    number = _decimal(value)
    if number is None:
        return "—"
    return f"{number:+.1f}"
