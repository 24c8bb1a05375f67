"""How a business license writes amounts and dates: 人民币壹佰万元整, 2026年05月12日."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _group_words(number: int) -> str:
    """0 < number < 10000 → 壹仟零伍拾 (zeros inside collapse to one 零, trailing zeros vanish)."""
    words, zero = "", False
    for place in range(3, -1, -1):
        digit = number // 10**place % 10
        if digit == 0:
            zero = bool(words)
            continue
        if zero:
            words += DIGITS[0]
            zero = False
        words += DIGITS[digit] + PLACES[place]
    return words


def yuan_in_words(amount: Decimal) -> str:
    """A non-negative amount of yuan in financial capitals: 1005000 → 壹佰万零伍仟元整, 0.5 → 伍角."""
    fen = int((Decimal(amount) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    if fen < 0:
        raise ValueError("amount must not be negative")
    yuan, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    if yuan >= 10**16:
        raise ValueError("amount too large")
    words = ""
    if yuan:
        groups = []
        rest = yuan
        while rest:
            groups.append(rest % 10000)
            rest //= 10000
        gap = False  # a zero digit since the last words written: 1005000 → 壹佰万零伍仟
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                gap = gap or bool(words)
                continue
            if words and (gap or group < 1000):
                words += DIGITS[0]
            words += _group_words(group) + GROUPS[index]
            gap = group % 10 == 0
        words += "元"
    if jiao == 0 and cents == 0:
        return (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif words:
        words += DIGITS[0]
    if cents:
        words += DIGITS[cents] + "分"
    return words


def capital_in_words(ten_thousands: Decimal | None) -> str:
    """Registered capital stored in 万元, as the license writes it."""
    if ten_thousands is None:
        return "—"
    return "人民币" + yuan_in_words(Decimal(ten_thousands) * 10000)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"
