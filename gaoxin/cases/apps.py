from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gaoxin.cases"
    verbose_name = "办件"
