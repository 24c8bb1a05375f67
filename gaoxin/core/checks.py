"""`manage.py check` fails when production lacks its audit or backup key; `check --deploy` warns when production would
print addresses nobody outside can open."""

import os
from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from gaoxin.core.keys import KEYS, key_refusal

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


@register(Tags.security)
def keys_configured(app_configs, **kwargs):
    """The settings refuse to start without the keys; this also catches a key removed from a running deployment's
    environment before a worker or command is started with it."""
    if settings.GAOXIN.get("KEY_DEV_FALLBACK", False):
        return []
    refusals = ((name, key_refusal(name, os.environ.get(name))) for name in KEYS)
    return [
        Error(
            f"审计、备份或个人信息密钥缺失或太弱：{refusal}",
            hint="这些密钥都不能存放在数据库里，在生产环境中通过环境变量提供。",
            id="gaoxin.core.E001",
        )
        for name, refusal in refusals
        if refusal
    ]
