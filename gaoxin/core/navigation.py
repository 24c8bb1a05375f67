"""The header navigation: every app may add entries for the person logged in, with a count of what waits."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    # What waits for this person there (tasks, corrections); None shows no badge.
    count: int | None = None
    count_label: str = ""
    order: int = 50


def navigation(request: HttpRequest) -> dict:
    """Context processor: nav entries from every app config that defines nav_items(request), and whether the pages
    may name the demo accounts (development mode only)."""
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "nav_items", None)
        if provider is not None:
            items.extend(provider(request))
    items.sort(key=lambda item: item.order)
    current = max((i for i in items if request.path.startswith(i.url)), key=lambda i: len(i.url), default=None)
    return {
        "nav_items": items,
        "nav_current": current.url if current else None,
        "demo_accounts": settings.GAOXIN["DEVELOPMENT"],
    }
