"""Filters of the cockpit: signed figures (+2.4, −0.6) and magnitudes (低于全市 0.6 个百分点)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def signed(value) -> str:
    """+7.2, −0.6, 0; None → —. The minus is the typographic one (U+2212), easier to read at a distance."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    text = format(abs(number), "f")
    return f"+{text}" if number > 0 else f"−{text}" if number < 0 else text


@register.filter
def magnitude(value) -> str:
    """The number without its sign; None → —."""
    if value is None or value == "":
        return "—"
    return format(abs(Decimal(value)), "f")
