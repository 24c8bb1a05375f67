from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "gaoxin.economy"
    verbose_name = _("经济运行")
    demo_order = 40  # last, as it always was: the projects' demo already loads the parks it needs

    def load_demo(self, write):
        from gaoxin.economy.demo_economy import load_demo_economy

        counts = load_demo_economy()
        write("\n经济运行：" + "，".join(f"{k} {v}" for k, v in counts.items()))

    def nav_items(self, request):
        """经济运行 for everyone logged in but applicants (see views.nav)."""
        from gaoxin.economy.views import nav

        return nav(request)
