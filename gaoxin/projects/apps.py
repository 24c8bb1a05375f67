from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "gaoxin.projects"
    verbose_name = _("重点项目")
    demo_order = 30  # after the accounts that lead and report on projects (see core's demo_load)

    def load_demo(self, write):
        from gaoxin.projects.demo import load_demo_projects

        counts = load_demo_projects()
        write("\n重点项目：" + "，".join(f"{k} {v}" for k, v in counts.items()))

    def ready(self):
        from gaoxin.projects.actions import requests_recompute
        from gaoxin.workdays.recompute import register

        register("projects", requests_recompute)

    def nav_items(self, request):
        """重点项目 for staff, leaders and project officers, with what waits for them (see views.nav)."""
        from gaoxin.projects.views import nav

        return nav(request)
