"""The seals' keys: configured in production (the environment or a key directory), generated once on a development
machine, refused otherwise; only configured keys are trusted."""

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from gaoxin.documents import crypto, keys, signing
from gaoxin.documents.checks import signing_keys_configured
from gaoxin.documents.models import Seal

APPROVAL = Seal(code="4103710000001", authority="洛阳高新技术产业开发区管理委员会", algorithm="ed25519")


def department_seal(algorithm: str) -> Seal:
    return Seal(
        code="4103710000002", authority="洛阳市公安局高新技术产业开发区分局", algorithm=algorithm, department_id=1
    )


def test_canonical_json_is_sorted_compact_and_keeps_chinese():
    assert signing.canonical_json({"b": 1, "a": ["营业执照", {"y": None, "x": True}]}) == (
        '{"a":["营业执照",{"x":true,"y":null}],"b":1}'
    )


@pytest.mark.parametrize("algorithm", crypto.ALGORITHMS)
def test_a_signature_verifies_and_a_changed_byte_does_not(algorithm):
    key = crypto.load_private_key_pem(crypto.generate_private_key_pem(algorithm))
    signature = signing.sign_b64(key, "洛阳".encode())
    assert signing.verify_b64(key.public_key(), "洛阳".encode(), signature)
    assert not signing.verify_b64(key.public_key(), "洛杨".encode(), signature)
    assert not signing.verify_b64(key.public_key(), "洛阳".encode(), "not base64!")
    assert not signing.verify_b64(key.public_key(), "洛阳".encode(), "AAAA")


def test_a_pem_with_escaped_newlines_from_an_environment_file_is_read(settings):
    pem = crypto.generate_private_key_pem(crypto.ED25519)
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": pem.replace("\n", "\\n")}
    assert keys.private_key(APPROVAL).public_key().key_id() == crypto.load_private_key_pem(pem).public_key().key_id()


def test_a_department_seal_signs_with_its_file_in_the_key_directory(settings, tmp_path):
    (tmp_path / "4103710000002.pem").write_text(crypto.generate_private_key_pem(crypto.SM2))
    settings.GAOXIN = {**settings.GAOXIN, "SEAL_KEY_DIR": str(tmp_path), "SIGNING_KEY_DEV_FALLBACK": False}
    assert keys.private_key(department_seal("sm2")).algorithm == crypto.SM2
    with pytest.raises(ImproperlyConfigured, match="openssl genpkey -algorithm ed25519"):
        keys.private_key(department_seal("ed25519"))


def test_development_key_is_generated_once_readable_by_its_owner_only(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": "", "SIGNING_KEY_DEV_FALLBACK": True}
    first = keys.private_key(APPROVAL).public_key().key_id()
    path = tmp_path / keys.DEV_KEY_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.private_key(APPROVAL).public_key().key_id() == first, "the key is reused, not regenerated"
    assert list(tmp_path.iterdir()) == [path], "no temporary file left behind"
    sm2 = keys.private_key(department_seal("sm2"))
    assert sm2.algorithm == crypto.SM2 and keys.dev_key_path(department_seal("sm2")).exists()


def test_production_refuses_to_generate_a_key(settings, tmp_path, db):
    settings.VAR_DIR = tmp_path
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": "", "SIGNING_KEY_DEV_FALLBACK": False}
    with pytest.raises(ImproperlyConfigured, match="GAOXIN_SIGNING_KEY"):
        keys.private_key(APPROVAL)
    assert not (tmp_path / keys.DEV_KEY_NAME).exists()
    assert [error.id for error in signing_keys_configured(None)] == ["gaoxin.documents.E001"]


def test_a_key_that_cannot_be_read_is_refused(settings, db):
    settings.GAOXIN = {
        **settings.GAOXIN,
        "SIGNING_KEY_PEM": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
    }
    with pytest.raises(ImproperlyConfigured):
        keys.private_key(APPROVAL)
    assert [error.id for error in signing_keys_configured(None)] == ["gaoxin.documents.E002"]


def test_a_seal_in_force_without_its_key_fails_the_deploy_check(settings, tmp_path, db):
    settings.GAOXIN = {
        **settings.GAOXIN,
        "SIGNING_KEY_PEM": crypto.generate_private_key_pem(crypto.ED25519),
        "SEAL_KEY_DIR": str(tmp_path),
        "SIGNING_KEY_DEV_FALLBACK": False,
    }
    assert signing_keys_configured(None) == []
    seal = department_seal("sm2")
    seal.department_id, seal.valid_from, seal.valid_until = None, "2026-01-01", "2035-12-31"
    seal.code = "4103710000009"
    seal.save()
    assert [error.id for error in signing_keys_configured(None)] == ["gaoxin.documents.E003"]


def test_only_configured_keys_are_trusted(settings):
    ours = crypto.generate_private_key_pem(crypto.ED25519)
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": ours, "RETIRED_PUBLIC_KEYS": {}}
    own = crypto.load_private_key_pem(ours).public_key()
    stranger = crypto.load_private_key_pem(crypto.generate_private_key_pem(crypto.ED25519)).public_key()
    assert keys.trusted_public_key(own.key_id(), []) == own
    assert keys.trusted_public_key(stranger.key_id(), []) is None
    settings.GAOXIN = {**settings.GAOXIN, "RETIRED_PUBLIC_KEYS": {own.key_id(): stranger.pem()}}
    assert keys.trusted_public_key(own.key_id(), []) == own, "a retired entry must be the key it names"
