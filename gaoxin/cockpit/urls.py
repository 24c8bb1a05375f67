"""The cockpit pages (see views.py)."""

from gaoxin.cockpit.views import urlpatterns

__all__ = ["urlpatterns"]
