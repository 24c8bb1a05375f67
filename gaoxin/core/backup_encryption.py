"""Backups encrypted and authenticated with AES-256-GCM under the backup key (GAOXIN_BACKUP_KEY, gaoxin.core.keys),
written and read in chunks of 1 MiB so that a database of any size passes through memory one chunk at a time
(GB/T 22239-2019 8.1.4.8 and 8.1.4.9: the confidentiality and integrity of important data in backups; GB/T 39786-2021
for the key held outside the data it protects).

A file is a header — a magic text, the format's version, a random salt and a check value of the file's key — and then
the chunks, each sealed with its number and whether it is the last in its nonce and the header as associated data. A
chunk changed, moved, dropped or added, a file cut short at any byte, and another key are each refused, before
anything is restored. Each file has its own key, derived from the backup key and the salt (HKDF-SHA256), so the
chunk numbers never meet the same key twice."""

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"GAOXIN-BACKUP\n"
VERSION = b"\x01"
SALT_BYTES = 16
CHECK_BYTES = 16
HEADER_BYTES = len(MAGIC) + len(VERSION) + SALT_BYTES + CHECK_BYTES
CHUNK = 1024 * 1024
TAG_BYTES = 16
SEALED_CHUNK = CHUNK + TAG_BYTES


class WrongKey(Exception):
    """The file was written under another backup key."""


class Damaged(Exception):
    """A chunk does not authenticate: the file was changed, cut short or is not whole."""

    def __init__(self, chunk: int):
        super().__init__(chunk)
        self.chunk = chunk


def is_encrypted_backup(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(MAGIC)) == MAGIC


def _file_key(backup_key: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"gaoxin backup v1").derive(backup_key)


def _key_check(file_key: bytes) -> bytes:
    return hmac.new(file_key, b"gaoxin backup key check", hashlib.sha256).digest()[:CHECK_BYTES]


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only file object (for tarfile's stream mode) that seals what it is given into `file`, chunk by chunk;
    `finish()` seals the last chunk, without which the file does not decrypt."""

    def __init__(self, file, backup_key: bytes):
        salt = os.urandom(SALT_BYTES)
        key = _file_key(backup_key, salt)
        self.header = MAGIC + VERSION + salt + _key_check(key)
        self.file, self.cipher, self.number, self.pending = file, AESGCM(key), 0, bytearray()
        file.write(self.header)

    def write(self, data) -> int:
        self.pending += data
        # Only a chunk known not to be the last is sealed here: the last one is marked so in its nonce.
        while len(self.pending) > CHUNK:
            self._seal(bytes(self.pending[:CHUNK]), last=False)
            del self.pending[:CHUNK]
        return len(data)

    def finish(self) -> None:
        self._seal(bytes(self.pending), last=True)
        self.pending = bytearray()

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        self.file.write(self.cipher.encrypt(_nonce(self.number, last), chunk, self.header))
        self.number += 1


def decrypt_file(source: Path, target, backup_key: bytes) -> None:
    """Write the plain bytes of `source` to `target` (a binary file); WrongKey or Damaged when they are not whole and
    genuine, with what was written up to then to be thrown away."""
    with source.open("rb") as file:
        header = file.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or header[len(MAGIC) : len(MAGIC) + 1] != VERSION:
            raise Damaged(0)
        key = _file_key(backup_key, header[len(MAGIC) + 1 : -CHECK_BYTES])
        if not hmac.compare_digest(header[-CHECK_BYTES:], _key_check(key)):
            raise WrongKey()
        cipher, number, block = AESGCM(key), 0, file.read(SEALED_CHUNK)
        while True:
            following = file.read(SEALED_CHUNK) if len(block) == SEALED_CHUNK else b""
            try:
                target.write(cipher.decrypt(_nonce(number, not following), block, header))
            except InvalidTag:
                raise Damaged(number + 1) from None
            if not following:
                return
            block, number = following, number + 1
