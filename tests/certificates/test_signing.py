"""The signing key: configured in production, generated once on a development machine, refused otherwise."""

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from gaoxin.certificates import signing
from gaoxin.certificates.checks import signing_key_configured


def test_canonical_json_is_sorted_compact_and_keeps_chinese():
    assert signing.canonical_json({"b": 1, "a": ["营业执照", {"y": None, "x": True}]}) == (
        '{"a":["营业执照",{"x":true,"y":null}],"b":1}'
    )


def test_a_signature_verifies_and_a_changed_byte_does_not():
    signature = signing.sign("洛阳".encode())
    assert signing.verify("洛阳".encode(), signature)
    assert not signing.verify("洛杨".encode(), signature)
    assert not signing.verify("洛阳".encode(), "not base64!")
    assert not signing.verify("洛阳".encode(), "AAAA")


def test_a_pem_with_escaped_newlines_from_an_environment_file_is_read(settings, signing_key):
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": signing_key.replace("\n", "\\n")}
    assert signing.key_id() == signing.key_id(signing._private_key_from_pem(signing_key).public_key())


def test_development_key_is_generated_once_readable_by_its_owner_only(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": "", "SIGNING_KEY_DEV_FALLBACK": True}
    first = signing.key_id()
    path = tmp_path / signing.DEV_KEY_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.key_id() == first, "the key is reused, not regenerated"
    assert list(tmp_path.iterdir()) == [path], "no temporary file left behind"


def test_production_refuses_to_generate_a_key(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": "", "SIGNING_KEY_DEV_FALLBACK": False}
    with pytest.raises(ImproperlyConfigured, match="GAOXIN_SIGNING_KEY"):
        signing.sign(b"x")
    assert not (tmp_path / signing.DEV_KEY_NAME).exists()
    assert [error.id for error in signing_key_configured(None)] == ["gaoxin.certificates.E001"]


def test_a_key_that_is_not_ed25519_is_refused(settings):
    settings.GAOXIN = {
        **settings.GAOXIN,
        "SIGNING_KEY_PEM": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
    }
    with pytest.raises(ImproperlyConfigured):
        signing.private_key()
    assert [error.id for error in signing_key_configured(None)] == ["gaoxin.certificates.E002"]


def test_the_deploy_check_passes_with_a_configured_key():
    assert signing_key_configured(None) == []
