import pytest

from tests.notifications import gateway as sms_gateway


@pytest.fixture
def gateway(settings):
    """The local SMS gateway, and the platform's HTTP backend pointed at it."""
    server = sms_gateway.Gateway().start()
    settings.SMS_BACKEND = "gaoxin.notifications.sms.HttpBackend"
    settings.GAOXIN = {
        **settings.GAOXIN,
        "SMS": {
            "URL": server.url,
            "KEY_ID": sms_gateway.KEY_ID,
            "KEY_SECRET": sms_gateway.SECRET,
            "SIGN_NAME": sms_gateway.SIGN_NAME,
            "TIMEOUT": 5,
        },
    }
    yield server
    server.stop()
