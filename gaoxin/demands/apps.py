from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "gaoxin.demands"
    verbose_name = _("万人助万企")
    demo_order = 50  # after the economy's register, whose enterprises it pairs (see core's demo_load)

    def ready(self):
        # Workdays sits below the demands and may not import them: the demands' recompute is registered here.
        from gaoxin.demands.actions import demands_recompute
        from gaoxin.workdays.recompute import register

        register("demands", demands_recompute)

    def load_demo(self, write):
        from gaoxin.demands.demo import load_demo_demands

        counts = load_demo_demands()
        write("\n万人助万企：" + "，".join(f"{k} {v}" for k, v in counts.items()))

    def nav_items(self, request):
        """万人助万企 for the office, cadres, units, leaders and enterprises (see views.nav)."""
        from gaoxin.demands.views import nav

        return nav(request)
