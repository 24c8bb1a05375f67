"""Hand-written SQL for the few statements on every case action's path.

Building a query with the ORM costs several times running it (on SQLite about 400 µs against 35 µs for reading one
case row; docs/decisions/0012-hot-path-sql.md). These reads run once per action, so they are written out once here
and in their callers, and still come back as model instances through the model's raw()."""

from django.db import connection


def for_update() -> str:
    """Row locks where the database has them. SQLite has none: its BEGIN IMMEDIATE holds the database's only write
    lock for the whole transaction, which serialises the writers as the row lock would."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def db_value(model, field_name: str, value):
    """A Python value as the database driver takes it for that field (a UUID is text on SQLite, native on
    PostgreSQL)."""
    return model._meta.get_field(field_name).get_db_prep_value(value, connection)


def one(model, sql: str, params: list):
    """The first instance the SELECT returns, or None."""
    return next(iter(model.objects.raw(sql, params)), None)


def first_column(sql: str, params: list) -> list:
    """The first column of every row the SELECT returns."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def exists(sql: str, params: list) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def execute(sql: str, params: list) -> int:
    """Run one INSERT, UPDATE or DELETE; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
