"""manage.py backup and restore: a backup is encrypted and readable by its owner only; restored into an empty database
and media folder it holds every row and file it was taken from; an archive that is damaged, changed, under another key,
from the other engine or aimed at a target in use is refused."""

import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.cases.models import MaterialFile
from gaoxin.certificates.models import License
from gaoxin.core import backup_encryption, keys
from gaoxin.core.audit import audit_record
from gaoxin.core.audit_checkpoints import checkpoint_write
from gaoxin.core.models import AuditEvent
from gaoxin.documents.crypto import ED25519, generate_private_key_pem
from gaoxin.projects import actions as project_actions
from gaoxin.projects.models import ReportPhoto
from tests.certificates.test_issue import approve_through_the_api
from tests.projects.helpers import make_project
from tests.projects.test_actions import png
from tests.support.files import MINIMAL_PDF

MEDIA_FILE = "cases/2026/01/营业执照副本.pdf"
DATABASE_FILE = {"sqlite": "gaoxin.sqlite3", "postgresql": "gaoxin.pgdump"}


# --- the empty place a backup is restored into ------------------------------------------------------------


@dataclass
class EmptyTarget:
    """A database nobody has used and an empty media folder; manage.py runs against them in a child process."""

    database_url: str
    media: Path

    def manage(self, *arguments: str) -> subprocess.CompletedProcess:
        environment = {**os.environ, "DATABASE_URL": self.database_url, "MEDIA_ROOT": str(self.media)}
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def is_untouched(self) -> bool:
        media_empty = not self.media.exists() or not any(self.media.iterdir())
        return media_empty and not self.tables()


@dataclass
class EmptySqlite(EmptyTarget):
    path: Path

    def tables(self) -> list[str]:
        if not self.path.exists():
            return []
        with sqlite3.connect(self.path) as database:
            return [row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


@dataclass
class EmptyPostgres(EmptyTarget):
    name: str

    def tables(self) -> list[str]:
        with postgres_connection(self.name) as database:
            rows = database.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return [row[0] for row in rows]


def postgres_connection(dbname: str):
    import psycopg

    source = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        host=source["HOST"] or None,
        port=source["PORT"] or None,
        user=source["USER"] or None,
        password=source["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def empty_target(django_db_setup, tmp_path):
    media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield EmptySqlite(database_url=f"sqlite:///{path}", media=media, path=path)
        return
    source = connection.settings_dict
    name = f"{source['NAME']}_restored"
    with postgres_connection("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(source["USER"]) + (f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else "")
    url = f"postgres://{credentials}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{name}"
    yield EmptyPostgres(database_url=url, media=media, name=name)
    with postgres_connection("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def signing_key(settings):
    settings.GAOXIN = {
        **settings.GAOXIN,
        "SIGNING_KEY_PEM": generate_private_key_pem(ED25519),
        "SIGNING_KEY_DEV_FALLBACK": False,
    }


# --- helpers ------------------------------------------------------------------------------------------------


def backup(tmp_path) -> Path:
    archive = tmp_path / "backup.tar.enc"
    call_command("backup", output=archive, stdout=io.StringIO())
    return archive


def decrypted(archive: Path) -> Path:
    plain = archive.with_name("decrypted.tar")
    with plain.open("wb") as target:
        backup_encryption.decrypt_file(archive, target, keys.backup_key())
    return plain


@contextmanager
def changed_inside(archive: Path):
    """The archive's plain tar to change, encrypted again afterwards under the backup key: what is left to the
    manifest's checks once the encryption is passed."""
    plain = decrypted(archive)
    yield plain
    with archive.open("wb") as file:
        sealed = backup_encryption.EncryptingWriter(file, keys.backup_key())
        sealed.write(plain.read_bytes())
        sealed.finish()


def a_stored_file() -> Path:
    path = Path(settings.MEDIA_ROOT) / MEDIA_FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(MINIMAL_PDF)
    return path


def file_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def rows_by_key(dump: str) -> dict[tuple[str, str], dict]:
    return {(row["model"], str(row["pk"])): row["fields"] for row in json.loads(dump)}


def flip_a_byte(archive: Path, offset: int) -> None:
    with archive.open("r+b") as file:
        file.seek(offset)
        byte = file.read(1)
        file.seek(offset)
        file.write(bytes([byte[0] ^ 0xFF]))


def flip_a_byte_of_member(archive: Path, member: str) -> None:
    with changed_inside(archive) as plain:
        with tarfile.open(plain) as tar:
            offset = tar.getmember(member).offset_data
        flip_a_byte(plain, offset)


def rewrite(archive: Path, *, rename: dict[str, str] | None = None, change=None) -> None:
    """Copy the archive with members renamed (in the archive and its manifest alike) and the manifest changed;
    every member keeps its bytes and its checksum."""
    rename = rename or {}
    with changed_inside(archive) as plain:
        _rewrite_plain(plain, rename, change)


def _rewrite_plain(archive: Path, rename: dict[str, str], change) -> None:
    copy = archive.with_name("rewritten.tar")
    with tarfile.open(archive) as source, tarfile.open(copy, "w", format=tarfile.PAX_FORMAT) as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["members"] = {rename.get(name, name): entry for name, entry in manifest["members"].items()}
                if change:
                    change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            member.name = rename.get(member.name, member.name)
            target.addfile(member, io.BytesIO(data))
    copy.replace(archive)


def restore_in_process(archive: Path, **options) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO(), **options)
    return str(refused.value)


# --- a whole backup and restore -----------------------------------------------------------------------------


def a_project_report_with_a_photo() -> ReportPhoto:
    project = make_project()
    now = timezone.make_aware(datetime.combine(date(2021, 11, 2), time(10)))
    project_actions.report_submit(
        project=project, actor=None, year=2021, month=10, invested="12.5", progress="主体封顶", photos=[png()], now=now
    )
    return ReportPhoto.objects.get(report__project=project)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_holds_every_case_event_and_file(
    api, tmp_path, empty_target, signing_key
):
    case_id = approve_through_the_api(api)
    photo = a_project_report_with_a_photo()
    archive = backup(tmp_path)
    source_dump = io.StringIO()
    call_command("dumpdata", stdout=source_dump)
    source_files = file_digests(Path(settings.MEDIA_ROOT))
    materials = list(MaterialFile.objects.filter(case_material__case_id=case_id))
    assert materials and photo.file.name in source_files

    restored = empty_target.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "与备份清单一致" in restored.stdout

    restored_dump = empty_target.manage("dumpdata")
    assert restored_dump.returncode == 0, restored_dump.stderr
    source_rows, restored_rows = rows_by_key(source_dump.getvalue()), rows_by_key(restored_dump.stdout)
    assert ("cases.case", case_id) in restored_rows
    assert ("certificates.license", str(License.objects.get(case_id=case_id).pk)) in restored_rows
    assert source_rows.keys() == restored_rows.keys()
    assert [key for key in source_rows if source_rows[key] != restored_rows[key]] == []

    verified = empty_target.manage("audit_verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{AuditEvent.objects.count()} 个事件" in verified.stdout

    assert file_digests(empty_target.media) == source_files
    for material in materials:
        assert hashlib.sha256((empty_target.media / material.file.name).read_bytes()).hexdigest() == material.sha256
    assert file_digests(empty_target.media)[photo.file.name] == photo.sha256


def write_audit_events(started: threading.Event, stop: threading.Event) -> None:
    """The app at work: one committed event after another, until told to stop (and one more after that)."""
    try:
        n = 0
        while True:
            with transaction.atomic():
                audit_record(subject_type="load", subject_id="backup", actor=None, action=f"write{n}")
            n += 1
            started.set()
            if stop.is_set():
                return
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_the_app_writes_is_one_consistent_moment(tmp_path, empty_target):
    before = AuditEvent.objects.count()
    started, stop = threading.Event(), threading.Event()
    writer = threading.Thread(target=write_audit_events, args=(started, stop))
    writer.start()
    try:
        assert started.wait(timeout=30)
        archive = backup(tmp_path)
    finally:
        stop.set()
        writer.join(timeout=60)
    with tarfile.open(decrypted(archive)) as tar:
        backed_up = json.loads(tar.extractfile("manifest.json").read())["rows"]["core_auditevent"]
    assert before < backed_up < AuditEvent.objects.count(), "written to before, during and after the backup"

    restored = empty_target.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    verified = empty_target.manage("audit_verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{backed_up} 个事件" in verified.stdout


# --- refusals -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_archive_with_a_changed_byte_is_refused_and_the_empty_target_stays_empty(tmp_path, empty_target):
    a_stored_file()
    archive = backup(tmp_path)
    flip_a_byte_of_member(archive, f"media/{MEDIA_FILE}")

    refused = empty_target.manage("restore", str(archive))
    assert refused.returncode != 0
    assert "校验失败" in refused.stderr and MEDIA_FILE in refused.stderr, refused.stderr
    assert empty_target.is_untouched()


@pytest.mark.django_db
def test_an_encrypted_byte_changed_is_refused_and_the_empty_target_stays_empty(tmp_path, empty_target):
    a_stored_file()
    archive = backup(tmp_path)
    flip_a_byte(archive, archive.stat().st_size // 2)

    refused = empty_target.manage("restore", str(archive))
    assert refused.returncode != 0
    assert "不完整或已被改动" in refused.stderr and "块校验失败" in refused.stderr, refused.stderr
    assert "未做任何更改" in refused.stderr and "Traceback" not in refused.stderr
    assert empty_target.is_untouched()


def inside_the_database_dump(archive: Path) -> int:
    return backup_encryption.HEADER_BYTES + 1000


def inside_the_last_chunk(archive: Path) -> int:
    return archive.stat().st_size - 1


def at_a_chunk_boundary(archive: Path) -> int:
    return backup_encryption.HEADER_BYTES + backup_encryption.SEALED_CHUNK


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [inside_the_database_dump, inside_the_last_chunk, at_a_chunk_boundary])
def test_a_truncated_archive_is_refused_and_nothing_changes(tmp_path, cut):
    (Path(settings.MEDIA_ROOT) / "large.bin").parent.mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "large.bin").write_bytes(os.urandom(3 * backup_encryption.CHUNK))
    archive = backup(tmp_path)
    with archive.open("r+b") as file:
        file.truncate(cut(archive))
    users = User.objects.count()

    message = restore_in_process(archive, force=True)
    assert "不完整" in message and "未做任何更改" in message
    assert User.objects.count() == users


@pytest.mark.django_db
def test_a_file_that_is_no_archive_is_refused(tmp_path):
    not_an_archive = tmp_path / "backup.tar.enc"
    not_an_archive.write_bytes(MINIMAL_PDF)
    assert "不是备份归档" in restore_in_process(not_an_archive, force=True)


# --- encryption ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_backup_is_encrypted_and_readable_by_its_owner_only(tmp_path):
    a_stored_file()
    previous = os.umask(0)
    try:
        archive = backup(tmp_path)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    content = archive.read_bytes()
    assert content.startswith(backup_encryption.MAGIC)
    for plain in (b"SQLite format 3\x00", b"PGDMP", b"manifest.json", MINIMAL_PDF[:40], "营业执照".encode()):
        assert plain not in content
    with tarfile.open(decrypted(archive)) as tar:
        assert f"media/{MEDIA_FILE}" in tar.getnames()
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.django_db
def test_a_backup_under_another_key_is_refused(tmp_path, monkeypatch):
    archive = backup(tmp_path)
    monkeypatch.setenv(keys.BACKUP_KEY, "another-installation-s-backup-key-" + "0123456789" * 3)
    message = restore_in_process(archive, force=True)
    assert "GAOXIN_BACKUP_KEY" in message and "无法解密" in message and "未做任何更改" in message


def an_old_unencrypted_backup(tmp_path) -> Path:
    old = tmp_path / "gaoxin-backup-old.tar"
    decrypted(backup(tmp_path)).rename(old)
    return old


@pytest.mark.django_db
def test_an_old_unencrypted_backup_is_refused_unless_asked_for(tmp_path):
    message = restore_in_process(an_old_unencrypted_backup(tmp_path), force=True)
    assert "未加密的旧版备份" in message and "--unencrypted" in message


@pytest.mark.django_db(transaction=True)
def test_an_old_unencrypted_backup_restores_when_asked_for(tmp_path, empty_target):
    old = an_old_unencrypted_backup(tmp_path)
    restored = empty_target.manage("restore", "--unencrypted", str(old))
    assert restored.returncode == 0, restored.stderr
    verified = empty_target.manage("audit_verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_the_checkpoints_go_on_from_the_restored_heads(tmp_path, empty_target):
    with transaction.atomic():
        audit_record(subject_type="test", subject_id="restore", actor=None, action="before")
    archive = backup(tmp_path)
    with transaction.atomic():
        audit_record(subject_type="test", subject_id="restore", actor=None, action="after the backup")
    checkpoint_write()  # records two events, which the backup does not have

    restored = empty_target.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    verified = empty_target.manage("audit_verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "恢复了" in verified.stdout and "第 2 个检查点" in verified.stdout, verified.stdout


@pytest.mark.django_db
def test_a_member_the_manifest_does_not_list_is_refused(tmp_path):
    a_stored_file()
    archive = backup(tmp_path)
    rewrite(archive, change=lambda manifest: manifest["members"].pop(f"media/{MEDIA_FILE}"))
    message = restore_in_process(archive, force=True)
    assert "校验失败" in message and MEDIA_FILE in message


@pytest.mark.django_db
def test_a_path_that_climbs_out_of_the_media_folder_is_refused(tmp_path):
    a_stored_file()
    archive = backup(tmp_path)
    rewrite(archive, rename={f"media/{MEDIA_FILE}": "media/../../escaped.pdf"})
    assert "不是本程序写的格式" in restore_in_process(archive, force=True)
    assert not (tmp_path / "escaped.pdf").exists() and not (tmp_path.parent / "escaped.pdf").exists()


@pytest.mark.django_db
def test_a_backup_of_the_other_engine_is_refused(tmp_path):
    archive = backup(tmp_path)
    this = connection.vendor
    other = "postgresql" if this == "sqlite" else "sqlite"
    rename = {f"database/{DATABASE_FILE[this]}": f"database/{DATABASE_FILE[other]}"}
    rewrite(archive, rename=rename, change=lambda manifest: manifest.update(engine=other))
    message = restore_in_process(archive, force=True)
    assert f"备份来自 {other} 数据库，不能恢复到 {this} 数据库" in message


@pytest.mark.django_db
def test_restoring_over_a_database_in_use_is_refused(tmp_path):
    a_stored_file()
    archive = backup(tmp_path)
    message = restore_in_process(archive)
    assert (
        "恢复目标不是空的" in message and "数据库已有" in message and "MEDIA_ROOT" in message and "--force" in message
    )


@pytest.mark.django_db
def test_restoring_into_a_media_folder_in_use_is_refused_even_when_the_database_is_empty(tmp_path, empty_target):
    archive = backup(tmp_path)
    stray = empty_target.media / "cases" / "stray.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(MINIMAL_PDF)

    refused = empty_target.manage("restore", str(archive))
    assert refused.returncode != 0
    assert "MEDIA_ROOT" in refused.stderr and "数据库已有" not in refused.stderr, refused.stderr
    assert empty_target.tables() == [] and stray.read_bytes() == MINIMAL_PDF
