from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "gaoxin.certificates"
    verbose_name = _("电子证照")

    def ready(self):
        from gaoxin.certificates import checks  # noqa: F401  (registers the deploy check of the signing key)
