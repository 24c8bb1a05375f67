"""How often each item and bundle was applied for lately: what 热门 lists and what the search ranks by.

Applications are cases, and the cases app sits above the catalog (gaoxin/core/layers.py): it registers its counter
here from its AppConfig.ready(), as apps register their recomputers with gaoxin.workdays.recompute, so the catalog
imports no app above it. With no counter registered every count is zero and the catalog falls back to its own order.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

POPULAR_DAYS = 90


@dataclass(frozen=True)
class Uses:
    """Applications since some moment: {item id: count} and {bundle id: count}."""

    items: Counter = field(default_factory=Counter)
    bundles: Counter = field(default_factory=Counter)


UsesCounter = Callable[[datetime], Uses]

_counters: dict[str, UsesCounter] = {}


def register(name: str, counter: UsesCounter) -> None:
    """Register (or replace) an app's counter under its name; ready() may run more than once."""
    _counters[name] = counter


def recent_uses(now: datetime | None = None) -> Uses:
    """The applications of the last POPULAR_DAYS days, added up over every registered counter."""
    since = (now or timezone.now()) - timedelta(days=POPULAR_DAYS)
    total = Uses()
    for counter in _counters.values():
        uses = counter(since)
        total.items.update(uses.items)
        total.bundles.update(uses.bundles)
    return total
