"""Pure arithmetic and wording of the derived figures: numbers as bulletins print them, Chinese numerals for ranks,
the difference from the city in percentage points and the rank by growth. Decimal throughout, never float.

Ranks are competition ranks ("1224"): areas with the same growth share a rank and the next rank skips. An area with
no growth is not ranked, and a ranking is only complete when every peer has a growth (see rank_by_growth).
"""

from collections.abc import Mapping
from decimal import Decimal

DIGITS = "零一二三四五六七八九"
UNITS = ["", "十", "百", "千"]


def plain(value: Decimal | int | None) -> str:
    """A number as a bulletin prints it: no trailing zeros, no exponent: 55.00 → "55", 1.0 → "1", 250.90 → "250.9"."""
    if value is None:
        return ""
    number = Decimal(value)
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def tidy(value: Decimal | None) -> Decimal | None:
    """The same number without trailing zeros or exponent, as a Decimal (the API prints str(Decimal))."""
    return None if value is None else Decimal(plain(value))


def chinese_numeral(number: int) -> str:
    """A rank in Chinese numerals as a bulletin writes it: 1 一, 2 二, 10 十, 11 十一, 20 二十, 101 一百零一."""
    if number < 0 or number >= 10000:
        raise ValueError(f"not a rank: {number}")
    if number == 0:
        return DIGITS[0]
    digits = [int(d) for d in str(number)]
    out, zero_pending = [], False
    for position, digit in enumerate(digits):
        unit = UNITS[len(digits) - position - 1]
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append(DIGITS[0])
            zero_pending = False
        out.append(DIGITS[digit] + unit)
    text = "".join(out)
    # 十一, not 一十一, when the number starts with the tens.
    return text[1:] if 10 <= number < 20 else text


def diff_points(growth: Decimal | None, city_growth: Decimal | None) -> Decimal | None:
    """How many percentage points the area's growth is above (positive) or below (negative) the city's."""
    if growth is None or city_growth is None:
        return None
    return growth - city_growth


def rank_by_growth(growths: Mapping[str, Decimal | None]) -> dict[str, int]:
    """Competition ranks by growth, highest first, of the peers that have a growth: {code: rank}."""
    known = sorted(((g, code) for code, g in growths.items() if g is not None), key=lambda pair: -pair[0])
    ranks: dict[str, int] = {}
    previous, previous_rank = None, 0
    for position, (growth, code) in enumerate(known, start=1):
        rank = previous_rank if growth == previous else position
        ranks[code] = rank
        previous, previous_rank = growth, rank
    return ranks


def completion(current: int | None, target: int | None) -> Decimal | None:
    """current / target in percent, one decimal place (e.g. the innovation double target)."""
    if current is None or not target:
        return None
    return (Decimal(current) * 100 / Decimal(target)).quantize(Decimal("0.1"))
