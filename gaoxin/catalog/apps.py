from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gaoxin.catalog"
    verbose_name = _("事项目录")

    def nav_items(self, request):
        from gaoxin.core.navigation import NavItem

        return [NavItem(label=gettext("事项目录"), url=reverse("catalog"), order=10)]
