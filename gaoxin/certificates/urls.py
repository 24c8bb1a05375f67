from gaoxin.certificates.views import urlpatterns

__all__ = ["urlpatterns"]
