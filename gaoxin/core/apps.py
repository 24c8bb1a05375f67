from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gaoxin.core"
    verbose_name = _("基础")

    def ready(self):
        from gaoxin.core import checks  # noqa: F401  (registers the deploy check of the public address)

    def nav_items(self, request):
        """审计记录 for the audit administrator."""
        from django.urls import reverse

        from gaoxin.core.access import AUDIT_ADMIN
        from gaoxin.core.navigation import NavItem

        if getattr(request.user, "role", None) != AUDIT_ADMIN:
            return []
        return [NavItem(_("审计记录"), reverse("audit-log"), order=90)]
