from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "gaoxin.ratings"
    verbose_name = _("好差评")

    def ready(self):
        from gaoxin.ratings.actions import rectifications_recompute
        from gaoxin.workdays.recompute import register

        register("ratings", rectifications_recompute)

    def nav_items(self, request):
        """满意度 for leaders, administrators and the window; 差评整改 with its count for a department's approvers."""
        from gaoxin.ratings.views import nav

        return nav(request)
