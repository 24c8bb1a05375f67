from gaoxin.documents.views import urlpatterns

__all__ = ["urlpatterns"]
