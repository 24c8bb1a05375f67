"""Percentages as the zone's reports print them: to one decimal, rounded half up, from Decimal only, so that 2 of 3
is 66.7 and never 66.66666 or a float's 66.7000001."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal(100)


def exact_percent(part, whole) -> Decimal:
    with localcontext() as context:
        context.prec = 40
        return Decimal(part) * HUNDRED / Decimal(whole)


def round1(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def percent(part, whole) -> Decimal | None:
    """part / whole in percent to one decimal (half up); None when whole is zero (nothing to count)."""
    if not whole:
        return None
    return round1(exact_percent(part, whole))
