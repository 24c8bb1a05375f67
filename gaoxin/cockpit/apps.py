from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CockpitConfig(AppConfig):
    name = "gaoxin.cockpit"
    verbose_name = gettext_lazy("领导驾驶舱")

    def nav_items(self, request):
        """领导驾驶舱 first in the header, for leaders and administrators only; costs no query."""
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from gaoxin.cockpit import rules
        from gaoxin.core.navigation import NavItem

        if not rules.may_view(request.user):
            return []
        return [NavItem(_("领导驾驶舱"), reverse("cockpit"), order=30)]
