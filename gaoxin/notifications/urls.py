"""The notification centre's pages: /notifications/ and its two POST targets."""

from gaoxin.notifications.views import urlpatterns

__all__ = ["urlpatterns"]
