from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "gaoxin.identity"
    verbose_name = "身份校验"
