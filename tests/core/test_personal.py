"""Personal data at rest (gaoxin.core.personal): the ciphers, the key outside the database, the digests, the masks."""

import stat

import pytest
from django.core.exceptions import FieldError

from gaoxin.accounts.models import User
from gaoxin.core import keys, personal

ID_NUMBER = "11010519491231002X"
KEY = "a-test-key-of-personal-data-that-is-long-enough"
OTHER_KEY = "another-test-key-of-personal-data-long-enough"


@pytest.fixture
def keyed(settings):
    settings.GAOXIN = {**settings.GAOXIN, "PII_KEY": KEY, "PII_PREVIOUS_KEYS": "", "PII_CIPHER": "aes"}
    return settings


@pytest.mark.parametrize(("cipher", "prefix"), [("aes", "pii1:aes:"), ("sm4", "pii1:sm4:")])
def test_each_cipher_round_trips_and_names_itself(keyed, cipher, prefix):
    keyed.GAOXIN = {**keyed.GAOXIN, "PII_CIPHER": cipher}
    stored = personal.encrypt(ID_NUMBER)
    assert stored.startswith(prefix) and ID_NUMBER not in stored
    assert personal.decrypt(stored) == ID_NUMBER
    # A fresh nonce each time: equal numbers do not give equal ciphertexts (only their digests are equal).
    assert personal.encrypt(ID_NUMBER) != stored


def test_sm4_and_aes_digests_differ_and_need_the_key(keyed):
    aes = personal.digest(ID_NUMBER)
    keyed.GAOXIN = {**keyed.GAOXIN, "PII_CIPHER": "sm4"}
    sm3 = personal.digest(ID_NUMBER)
    keyed.GAOXIN = {**keyed.GAOXIN, "PII_KEY": OTHER_KEY}
    assert len({aes, sm3, personal.digest(ID_NUMBER)}) == 3
    assert personal.digest(" 11010519491231002x ") == personal.digest(ID_NUMBER)


def test_an_old_key_still_reads_and_a_value_under_an_unknown_key_is_refused(keyed):
    stored = personal.encrypt(ID_NUMBER)
    keyed.GAOXIN = {**keyed.GAOXIN, "PII_KEY": OTHER_KEY}
    with pytest.raises(personal.PersonalDataKeyError, match="neither GAOXIN_PII_KEY"):
        personal.decrypt(stored)
    keyed.GAOXIN = {**keyed.GAOXIN, "PII_PREVIOUS_KEYS": KEY}
    assert personal.decrypt(stored) == ID_NUMBER
    assert personal.needs_rekey(stored) and not personal.needs_rekey(personal.encrypt(ID_NUMBER))


def test_an_altered_ciphertext_is_refused(keyed):
    stored = personal.encrypt(ID_NUMBER)
    head, body = stored.rsplit(":", 1)
    altered = f"{head}:{body[:-4]}{'AAAA' if body[-4:] != 'AAAA' else 'BBBB'}"
    with pytest.raises(personal.PersonalDataKeyError, match="altered"):
        personal.decrypt(altered)


def test_a_weak_key_is_refused(keyed):
    keyed.GAOXIN = {**keyed.GAOXIN, "PII_KEY": "short"}
    with pytest.raises(personal.PersonalDataKeyError, match="GAOXIN_PII_KEY is weak"):
        personal.encrypt(ID_NUMBER)


def test_without_a_key_development_writes_one_readable_by_its_owner_only_and_production_refuses(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.GAOXIN = {**settings.GAOXIN, "PII_KEY": "", "KEY_DEV_FALLBACK": True}
    key = personal.master_key()
    path = tmp_path / keys.DEV_KEY_FILES[keys.PII_KEY]
    assert len(key) >= keys.MIN_LENGTH and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert personal.master_key() == key
    settings.GAOXIN = {**settings.GAOXIN, "KEY_DEV_FALLBACK": False}
    with pytest.raises(personal.PersonalDataKeyError, match="GAOXIN_PII_KEY is not set"):
        personal.master_key()


def test_masks():
    assert personal.mask_id_number(ID_NUMBER) == "110105********002X"
    assert personal.mask_phone("13812341234") == "138****1234"
    assert personal.mask_phone("0379-64321000") == "037******1000"
    assert personal.mask_id_number("") == "" and personal.mask_phone("") == ""


@pytest.mark.django_db
def test_an_encrypted_column_cannot_be_searched_by_its_value_only_by_digest():
    with pytest.raises(FieldError, match="encrypted"):
        list(User.objects.filter(id_number="410305199003152014"))
    with pytest.raises(FieldError, match="encrypted"):
        list(User.objects.filter(phone__icontains="138"))
    found = User.objects.filter(personal.matching("id_number", "410305199003152014"))
    assert [u.username for u in found] == ["applicant"]
    assert User.objects.filter(id_number="").exists()


@pytest.mark.django_db
def test_rekey_rewrites_every_value_under_the_new_key_and_the_digests_follow(settings):
    from io import StringIO

    from django.core.management import call_command

    old_key = personal.master_key()
    settings.GAOXIN = {**settings.GAOXIN, "PII_KEY": KEY, "PII_PREVIOUS_KEYS": old_key}
    call_command("personal_data_rekey", stdout=StringIO())
    settings.GAOXIN = {**settings.GAOXIN, "PII_PREVIOUS_KEYS": ""}
    applicant = User.objects.get(personal.matching("id_number", "410305199003152014"))
    assert applicant.username == "applicant" and applicant.phone == "13800000001"
