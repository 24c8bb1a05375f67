from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "gaoxin.economy"
    verbose_name = _("经济运行")

    def nav_items(self, request):
        """经济运行 for everyone logged in but applicants (see views.nav)."""
        from gaoxin.economy.views import nav

        return nav(request)
