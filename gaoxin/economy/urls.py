"""The economy pages (see views.py)."""

from gaoxin.economy.views import urlpatterns

__all__ = ["urlpatterns"]
