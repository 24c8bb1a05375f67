from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gaoxin.catalog"
    verbose_name = "事项目录"
