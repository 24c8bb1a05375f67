from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gaoxin.catalog"
    verbose_name = _("事项目录")
    # Demo data first: the departments the accounts belong to come with the catalog (see core's demo_load).
    demo_order = 10

    def load_demo(self, write):
        from gaoxin.catalog.demo import load_demo_catalog

        counts = load_demo_catalog()
        write("目录：" + "，".join(f"{k} {v}" for k, v in counts.items()))

    def nav_items(self, request):
        from gaoxin.core.navigation import NavItem

        return [NavItem(label=gettext("事项目录"), url=reverse("catalog"), order=10)]
