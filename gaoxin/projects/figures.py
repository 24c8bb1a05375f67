"""The arithmetic of the zone's reports: percentages to one decimal, rounded half up, from Decimal only.

Completion rate (完成率) = investment completed this year / annual plan.
Schedule progress (序时进度) = months elapsed / 12.
Ahead or behind (超/慢序时进度), in percentage points = completion rate - schedule progress, computed from the
exact quotients and rounded once, as the zone's bulletins do: 629.0 of 647.4 by October is 97.2%, ahead of the
83.3% schedule by 13.8 points.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gaoxin.core.numbers import exact_percent, round1

TEN_THOUSAND = Decimal(10000)


def wan_to_yi(amount: Decimal) -> Decimal:
    """万元 → 亿元, to two decimals (half up): 2807200.00 万元 is 280.72 亿元."""
    return (Decimal(amount) / TEN_THOUSAND).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class InvestmentProgress:
    plan: Decimal
    completed: Decimal
    months_elapsed: int
    completion_rate: Decimal | None  # percent, one decimal; None without a plan
    schedule_rate: Decimal  # percent, one decimal
    difference: Decimal | None  # percentage points, one decimal; positive = ahead
    state: str  # "ahead", "behind", "even" or "no_plan"


def investment_progress(*, plan: Decimal, completed: Decimal, months_elapsed: int) -> InvestmentProgress:
    if not 0 <= months_elapsed <= 12:
        raise ValueError("months_elapsed must be between 0 and 12")
    schedule_exact = exact_percent(months_elapsed, 12)
    if not plan:
        return InvestmentProgress(
            Decimal(plan), Decimal(completed), months_elapsed, None, round1(schedule_exact), None, "no_plan"
        )
    completion_exact = exact_percent(completed, plan)
    difference = round1(completion_exact - schedule_exact)
    state = "ahead" if difference > 0 else "behind" if difference < 0 else "even"
    return InvestmentProgress(
        Decimal(plan),
        Decimal(completed),
        months_elapsed,
        round1(completion_exact),
        round1(schedule_exact),
        difference,
        state,
    )
