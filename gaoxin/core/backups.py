"""Backups: one tar archive holding the database and the uploaded files, encrypted, and its careful restore.

The archive is written through AES-256-GCM under the backup key (gaoxin.core.backup_encryption) as
`gaoxin-backup-<time>.tar.enc`, readable by its owner only; no plain copy of it is ever written. It holds
`database/gaoxin.sqlite3` (an online copy through SQLite's backup API) or `database/gaoxin.pgdump` (pg_dump's custom
format), every file under MEDIA_ROOT as `media/<path>`, and last `manifest.json`: when and from which engine it was
made, the applied migrations, the rows of every table and the SHA-256 and size of every other member. A restore
decrypts it into a private folder (refusing another key or a changed byte) and checks all of it before it changes
anything. An unencrypted archive of the platform's older versions is restored only when asked for explicitly
(`restore --unencrypted`)."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core import backup_encryption
from gaoxin.core.audit_checkpoints import checkpoint_write
from gaoxin.core.keys import backup_key

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/gaoxin.sqlite3", "postgresql": "database/gaoxin.pgdump"}
MEDIA_DIR = "media"
CHUNK = 1024 * 1024
# The tables a restore names in its summary; every table is counted and compared all the same.
SUMMARY_MODELS = (
    "cases.Case",
    "cases.Task",
    "cases.MaterialFile",
    "core.AuditEvent",
    "certificates.License",
    "projects.Project",
    "accounts.User",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """What the dump holds, read in the same snapshot the dump was taken from."""

    migrations: list[list[str]]
    rows: dict[str, int]


@dataclass(frozen=True)
class Restored:
    manifest: dict
    files: int
    file_bytes: int
    unapplied_migrations: int

    @property
    def summary_rows(self) -> list[tuple[str, int]]:
        rows = self.manifest["rows"]
        models = (apps.get_model(label) for label in SUMMARY_MODELS)
        return [(str(m._meta.verbose_name_plural), rows.get(m._meta.db_table, 0)) for m in models]


# --- backup ------------------------------------------------------------------------------------------------


def default_backup_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"gaoxin-backup-{stamp}.tar.enc"


def backup_create(output: Path | None = None) -> tuple[Path, dict]:
    """Write one encrypted archive of the database and MEDIA_ROOT; return its path and manifest."""
    connection = connections[DEFAULT_DB_ALIAS]
    engine = database_engine(connection)
    key = backup_key()
    output = Path(output or default_backup_path()).resolve()
    if output.exists():
        raise BackupError(_("备份文件已存在，不会覆盖：%(path)s") % {"path": output})
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written under another name and renamed when complete, so a file with the final name is always whole.
    partial = output.with_name(output.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=output.parent) as work, _owner_only(partial) as file:
            dump = Path(work) / "dump"
            created_at = timezone.now()
            snapshot = DUMPERS[engine](connection, dump)
            sealed = backup_encryption.EncryptingWriter(file, key)
            # Stream mode: tarfile writes straight through the cipher and never seeks back.
            with tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as archive:
                members = {DATABASE_MEMBERS[engine]: _add_file(archive, DATABASE_MEMBERS[engine], dump)}
                # The files after the dump: an upload is stored before the row naming it commits, so every file the
                # dump names is on disk by now.
                for relative, path in _media_files(Path(settings.MEDIA_ROOT)):
                    members[f"{MEDIA_DIR}/{relative}"] = _add_file(archive, f"{MEDIA_DIR}/{relative}", path)
                manifest = {
                    "format": FORMAT,
                    "created_at": created_at.isoformat(),
                    "engine": engine,
                    "migrations": snapshot.migrations,
                    "rows": snapshot.rows,
                    "members": members,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            sealed.finish()
            os.fsync(file.fileno())
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return output, manifest


def _owner_only(path: Path):
    """A new file readable and writable by its owner only, whatever the umask (which can only take bits away)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def database_engine(connection) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(_("不支持备份此数据库：%(vendor)s") % {"vendor": connection.vendor})
    return connection.vendor


def _sqlite_dump(connection, target: Path) -> Snapshot:
    source_path = Path(connection.settings_dict["NAME"])
    if not source_path.is_file():
        raise BackupError(_("找不到数据库文件：%(path)s") % {"path": source_path})
    with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target)) as copy:
        # One step (pages=-1) holds a read snapshot for the whole copy; in WAL mode the app's writers go on.
        source.backup(copy, pages=-1)
        return _snapshot(copy.cursor(), connection)


def _postgresql_dump(connection, target: Path) -> Snapshot:
    # A connection of our own holds a repeatable-read transaction whose snapshot pg_dump shares, so the manifest
    # counts exactly the rows in the dump while the app goes on writing.
    with closing(connection.Database.connect(**connection.get_connection_params())) as snapshot_holder:
        with snapshot_holder.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            snapshot = _snapshot(cursor, connection)
            _run_pg_tool(
                "pg_dump",
                ["--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
                connection.settings_dict,
            )
        snapshot_holder.rollback()
    return snapshot


def _snapshot(cursor, connection) -> Snapshot:
    """The applied migrations and the rows of every table, read through a plain DB-API cursor."""
    tables = connection.introspection.table_names(cursor)
    migrations = []
    if MigrationRecorder.Migration._meta.db_table in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [list(row) for row in cursor.fetchall()]
    return Snapshot(migrations=migrations, rows=_row_counts(cursor, connection, tables))


def _row_counts(cursor, connection, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file():
                yield path.relative_to(root).as_posix(), path


class _HashingReader:
    """Hands tarfile the bytes of a file and hashes them on the way, so each file is read once."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    with path.open("rb") as source:
        stat = os.fstat(source.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, stat.st_mtime, 0o644
        reader = _HashingReader(source)
        archive.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
    archive.addfile(info, io.BytesIO(data))


# --- restore -----------------------------------------------------------------------------------------------


def backup_restore(path: Path, *, force: bool = False, unencrypted: bool = False) -> Restored:
    """Decrypt and check the archive whole, then put its database and files in place of an empty (or, forced, any)
    target; the audit checkpoints go on from the restored heads."""
    connection = connections[DEFAULT_DB_ALIAS]
    engine = database_engine(connection)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".gaoxin-restore-") as work:
        with _open_archive(_plain_archive(Path(path), Path(work), unencrypted)) as archive:
            manifest = verified_manifest(archive)
            _refuse_unfit_target(manifest, connection, media_root, force)
            media_root.mkdir(parents=True, exist_ok=True)
            staged_media = Path(work) / MEDIA_DIR
            staged_media.mkdir()
            files = [name for name in manifest["members"] if name.startswith(f"{MEDIA_DIR}/")]
            for name in files:
                _extract(archive, manifest, name, staged_media / PurePosixPath(name).relative_to(MEDIA_DIR))
            RESTORERS[engine](connection, archive, manifest, Path(work), force)
            _put_media_in_place(staged_media, media_root)
    _check_restored_rows(connection, manifest)
    # The trail is back at the backup's moment on purpose: later checkpoints would report its newer events as cut.
    checkpoint_write(restored_from=manifest["created_at"])
    return Restored(
        manifest=manifest,
        files=len(files),
        file_bytes=sum(manifest["members"][name]["size"] for name in files),
        unapplied_migrations=len(_unapplied_migrations(connection)),
    )


def _refuse_unfit_target(manifest: dict, connection, media_root: Path, force: bool) -> None:
    engine = database_engine(connection)
    if manifest["engine"] != engine:
        message = _("备份来自 %(source)s 数据库，不能恢复到 %(target)s 数据库")
        raise BackupError(message % {"source": manifest["engine"], "target": engine})
    problems = [] if force else target_problems(connection, media_root)
    if problems:
        message = _("恢复目标不是空的：%(problems)s。如确要覆盖，请加 --force")
        raise BackupError(message % {"problems": "；".join(problems)})


def _plain_archive(path: Path, work: Path, unencrypted: bool) -> Path:
    """The archive in plain: decrypted into the restore's private folder, or, asked for, an old unencrypted one."""
    if not path.is_file():
        raise BackupError(_("找不到备份文件：%(path)s") % {"path": path})
    if not backup_encryption.is_encrypted_backup(path):
        if unencrypted:
            return path
        if tarfile.is_tarfile(path):
            raise BackupError(
                _("这是未加密的旧版备份：无法确认它未被改动。如确认其来源可信，请加 --unencrypted 恢复：%(path)s")
                % {"path": path}
            )
        raise BackupError(_("不是备份归档，或文件已损坏：%(path)s") % {"path": path})
    plain = work / "backup.tar"
    try:
        with _owner_only(plain) as target:
            backup_encryption.decrypt_file(path, target, backup_key())
    except backup_encryption.WrongKey:
        message = _("备份文件不是用当前的备份密钥 GAOXIN_BACKUP_KEY 加密的，无法解密，未做任何更改：%(path)s")
        raise BackupError(message % {"path": path}) from None
    except backup_encryption.Damaged as damaged:
        raise BackupError(
            _("备份文件不完整或已被改动（第 %(chunk)s 块校验失败），未做任何更改：%(path)s")
            % {"chunk": damaged.chunk, "path": path}
        ) from None
    return plain


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            _("不是备份归档，或文件已损坏：%(path)s（%(error)s）") % {"path": path, "error": error}
        ) from error


def verified_manifest(archive: tarfile.TarFile) -> dict:
    """The manifest, once every member it lists is present with its size and SHA-256 and nothing else is there."""
    try:
        present = {member.name: member for member in archive.getmembers()}
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(_("备份文件不完整或已损坏（%(error)s），未做任何更改") % {"error": error}) from error
    if MANIFEST not in present:
        raise BackupError(_("备份文件不完整：缺少 %(name)s，未做任何更改") % {"name": MANIFEST})
    manifest = _read_manifest(archive, present[MANIFEST])
    listed = manifest["members"]
    bad = sorted(set(present) - set(listed) - {MANIFEST}) + sorted(set(listed) - set(present))
    bad += [
        name for name in sorted(set(listed) & set(present)) if not _member_matches(archive, present[name], listed[name])
    ]
    if bad:
        shown = "、".join(bad[:5]) + ("……" if len(bad) > 5 else "")
        raise BackupError(
            _("备份文件校验失败：%(count)s 个成员与清单不符（%(names)s），未做任何更改")
            % {"count": len(bad), "names": shown}
        )
    return manifest


def _read_manifest(archive: tarfile.TarFile, member: tarfile.TarInfo) -> dict:
    try:
        manifest = json.loads(archive.extractfile(member).read())
        engine, members = manifest["engine"], manifest["members"]
        valid = manifest["format"] == FORMAT and engine in DATABASE_MEMBERS and DATABASE_MEMBERS[engine] in members
        valid = valid and all(_safe_member_name(name) for name in members) and isinstance(manifest["rows"], dict)
    except (tarfile.TarError, OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(_("备份清单无法读取（%(error)s），未做任何更改") % {"error": error}) from error
    if not valid:
        raise BackupError(_("备份清单不是本程序写的格式，未做任何更改"))
    return manifest


def _safe_member_name(name: str) -> bool:
    """Only database/ and media/ paths inside the archive: nothing absolute, nothing climbing out with '..'."""
    path = PurePosixPath(name)
    return len(path.parts) >= 2 and path.parts[0] in {"database", MEDIA_DIR} and ".." not in path.parts


def _member_matches(archive: tarfile.TarFile, member: tarfile.TarInfo, expected: dict) -> bool:
    if not member.isfile() or member.size != expected["size"]:
        return False
    try:
        return _copy_member(archive, member, None) == expected["sha256"]
    except (tarfile.TarError, EOFError, OSError):
        return False


def _copy_member(archive: tarfile.TarFile, member: tarfile.TarInfo, target) -> str:
    """Read a member once, writing it to target (a binary file) if given; return its SHA-256."""
    digest = hashlib.sha256()
    source = archive.extractfile(member)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest()


def _extract(archive: tarfile.TarFile, manifest: dict, name: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as output:
        digest = _copy_member(archive, archive.getmember(name), output)
    # The archive was checked a moment ago; this catches it being changed since.
    if digest != manifest["members"][name]["sha256"]:
        raise BackupError(_("备份文件在恢复过程中被改动：%(name)s") % {"name": name})


def target_problems(connection, media_root: Path) -> list[str]:
    """Why the database or MEDIA_ROOT is not an empty place to restore into (nothing when it is)."""
    problems = []
    recorder = MigrationRecorder(connection)
    tables = [t for t in connection.introspection.table_names() if t != recorder.Migration._meta.db_table]
    migrations = len(recorder.applied_migrations()) if recorder.has_table() else 0
    if tables or migrations:
        problems.append(
            _("数据库已有 %(tables)s 张表、%(migrations)s 个已应用的迁移")
            % {"tables": len(tables), "migrations": migrations}
        )
    if media_root.is_dir() and any(media_root.iterdir()):
        problems.append(_("文件目录 MEDIA_ROOT（%(path)s）已有内容") % {"path": media_root})
    return problems


def _sqlite_restore(connection, archive, manifest, work: Path, force: bool) -> None:
    target = Path(connection.settings_dict["NAME"]).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    staged.unlink(missing_ok=True)
    try:
        _extract(archive, manifest, DATABASE_MEMBERS["sqlite"], staged)
        connection.close()
        # A write-ahead log left from the old file would be replayed onto the restored one: remove it first.
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)


def _postgresql_restore(connection, archive, manifest, work: Path, force: bool) -> None:
    dump = work / "database.pgdump"
    _extract(archive, manifest, DATABASE_MEMBERS["postgresql"], dump)
    connection.close()
    # One transaction: a restore that fails half-way leaves the database as it was.
    options = ["--no-owner", "--exit-on-error", "--single-transaction"]
    if force:
        options += ["--clean", "--if-exists"]
    _run_pg_tool("pg_restore", [*options, str(dump)], connection.settings_dict)


def _put_media_in_place(staged: Path, media_root: Path) -> None:
    """Replace MEDIA_ROOT's contents with the staged files (renames on one file system, not copies)."""
    for entry in media_root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staged.iterdir():
        os.replace(entry, media_root / entry.name)


def _check_restored_rows(connection, manifest: dict) -> None:
    with connection.cursor() as cursor:
        counts = _row_counts(cursor, connection, connection.introspection.table_names(cursor))
    differing = sorted(t for t in manifest["rows"].keys() | counts.keys() if manifest["rows"].get(t) != counts.get(t))
    if differing:
        raise BackupError(_("恢复后的行数与备份清单不符：%(tables)s") % {"tables": "、".join(differing)})


def _unapplied_migrations(connection) -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


# --- PostgreSQL client tools --------------------------------------------------------------------------------


def _run_pg_tool(tool: str, arguments: list[str], database: dict) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(_("找不到 %(tool)s：请安装 PostgreSQL 客户端（Debian：postgresql-client）") % {"tool": tool})
    connect = [f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            connect.append(f"{option}={database[key]}")
    environment = {**os.environ}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    result = subprocess.run(
        [executable, *connect, "--no-password", *arguments], env=environment, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s 失败（退出码 %(code)s）：%(error)s")
            % {"tool": tool, "code": result.returncode, "error": result.stderr.strip()}
        )


DUMPERS = {"sqlite": _sqlite_dump, "postgresql": _postgresql_dump}
RESTORERS = {"sqlite": _sqlite_restore, "postgresql": _postgresql_restore}
