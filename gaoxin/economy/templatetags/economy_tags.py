"""Filters of the economy pages: figures without trailing zeros, signed differences, and names in the page's
language (English names of areas, indicators and categories where they are set; the Chinese name is the data)."""

from decimal import Decimal

from django import template

from gaoxin.core.names import in_active_language
from gaoxin.economy.figures import plain as plain_number

register = template.Library()


@register.filter
def plain(value) -> str:
    """250.90 → 250.9; None → —."""
    if value is None or value == "":
        return "—"
    return plain_number(Decimal(value))


@register.filter
def signed(value) -> str:
    """+0.9, −1.2, 0; None → —."""
    if value is None:
        return "—"
    text = plain_number(Decimal(value))
    return f"+{text}" if value > 0 else text.replace("-", "−")


@register.filter
def magnitude(value) -> str:
    """The number without its sign: 低于全市 0.6 个百分点."""
    if value is None:
        return "—"
    return plain_number(abs(Decimal(value)))


@register.filter
def localized(obj) -> str:
    """The English name in English when there is one, else the name."""
    return in_active_language(getattr(obj, "name", str(obj)), getattr(obj, "name_en", ""))


@register.filter
def percent_width(value) -> str:
    """A bar width in percent, 0–100, for progress bars."""
    if value is None:
        return "0"
    return plain_number(max(Decimal(0), min(Decimal(100), Decimal(value))))


@register.filter
def get_item(mapping, key):
    """mapping[key], or an empty list when absent."""
    return (mapping or {}).get(key, [])
