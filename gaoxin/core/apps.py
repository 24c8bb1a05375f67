from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gaoxin.core"
    verbose_name = _("基础")

    def ready(self):
        from gaoxin.core import checks  # noqa: F401  (registers the deploy check of the public address)
