"""`manage.py check --deploy` fails when production has no usable license signing key."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def signing_key_configured(app_configs, **kwargs):
    from gaoxin.certificates.signing import _configured_pem, _private_key_from_pem

    pem = _configured_pem()
    if not pem:
        if settings.GAOXIN.get("SIGNING_KEY_DEV_FALLBACK", settings.DEBUG):
            return []
        return [
            Error(
                "未配置电子证照签名密钥 GAOXIN_SIGNING_KEY（Ed25519 私钥 PEM）。",
                hint="openssl genpkey -algorithm ed25519，并将其内容放入环境变量 GAOXIN_SIGNING_KEY。",
                id="gaoxin.certificates.E001",
            )
        ]
    try:
        _private_key_from_pem(pem)
    except ImproperlyConfigured as error:
        return [Error(str(error), id="gaoxin.certificates.E002")]
    return []
