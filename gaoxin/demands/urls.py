"""The 万人助万企 pages (see views.py)."""

from gaoxin.demands.views import urlpatterns

__all__ = ["urlpatterns"]
