from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalletConfig(AppConfig):
    name = "gaoxin.wallet"
    verbose_name = _("材料钱包")
