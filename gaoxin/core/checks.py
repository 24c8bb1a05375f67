"""`manage.py check --deploy` warns when production would print addresses nobody outside can open."""

from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Warning, register

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@register(deploy=True)
def public_base_url_reachable(app_configs, **kwargs):
    address = settings.GAOXIN["PUBLIC_BASE_URL"]
    if (urlparse(address).hostname or "") in LOOPBACK_HOSTS:
        return [
            Warning(
                f"GAOXIN_PUBLIC_BASE_URL 未设置或指向本机（{address}）：执照和文书上的二维码、核验地址和邮件里的链接，"
                "申请人在自己的手机上打不开。",
                hint="设置 GAOXIN_PUBLIC_BASE_URL 为公众访问平台的地址，如 https://zwfw.example.gov.cn",
                id="gaoxin.core.W001",
            )
        ]
    return []
