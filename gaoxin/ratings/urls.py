"""The ratings pages: /ratings/ (satisfaction), /ratings/rectifications/, and the rating form's target."""

from gaoxin.ratings.views import urlpatterns

__all__ = ["urlpatterns"]
