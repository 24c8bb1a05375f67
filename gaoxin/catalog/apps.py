from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext


class CatalogConfig(AppConfig):
    name = "gaoxin.catalog"
    verbose_name = "事项目录"

    def nav_items(self, request):
        from gaoxin.core.navigation import NavItem

        return [NavItem(label=gettext("事项目录"), url=reverse("catalog"), order=10)]
