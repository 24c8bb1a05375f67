"""The key-project pages (see views.py)."""

from gaoxin.projects.views import urlpatterns

__all__ = ["urlpatterns"]
