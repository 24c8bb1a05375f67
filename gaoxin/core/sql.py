"""Hand-written SQL for the statements every case action runs (docs/decisions/0012-hot-path-sql.md).

Building a query with the ORM costs several times running it: on SQLite about 420 µs to read one locked case as a
model, against 35 µs for the statement. These statements are written out in their callers; the helpers here run them
and still hand back model instances (`one`) or take them (`insert`, `save_fields`), with every value converted as
the model's fields convert it."""

import functools

from django.db import DatabaseError, connection


def for_update() -> str:
    """Row locks where the database has them. SQLite has none: its BEGIN IMMEDIATE holds the database's only write
    lock for the whole transaction, which serialises the writers as the row lock would."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def db_value(model, field_name: str, value):
    """A Python value as the database driver takes it for that field (a UUID is text on SQLite, native on
    PostgreSQL)."""
    return model._meta.get_field(field_name).get_db_prep_value(value, connection)


def one(model, sql: str, params: list):
    """The first instance of the model that `SELECT <its columns> ` + sql finds, or None.

    Like the model's raw(), without working out the columns and the database's value converters on every call."""
    select, attnames, converters = _row_reader(model, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(select + sql, params)
        row = cursor.fetchone()
    return None if row is None else _instance(model, attnames, converters, row)


def many(model, sql: str, params: list) -> list:
    """Every instance of the model that `SELECT <its columns> ` + sql finds, as `one` reads one."""
    select, attnames, converters = _row_reader(model, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(select + sql, params)
        found = cursor.fetchall()
    return [_instance(model, attnames, converters, row) for row in found]


def _instance(model, attnames: tuple[str, ...], converters: tuple, row: tuple):
    values = []
    for value, (column, convert) in zip(row, converters, strict=True):
        for converter in convert:
            value = converter(value, column, connection)
        values.append(value)
    return model.from_db(connection.alias, attnames, values)


def placeholders(values) -> str:
    """`%s, %s, %s` for an IN list of these values."""
    return ", ".join(["%s"] * len(values))


@functools.cache
def _row_reader(model, vendor: str) -> tuple[str, tuple[str, ...], tuple]:
    """The select list of the model's columns, their attribute names, and each column's converters."""
    table, quote = model._meta.db_table, connection.ops.quote_name
    fields = model._meta.concrete_fields
    converters = []
    for field in fields:
        column = field.get_col(table)
        convert = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        converters.append((column, tuple(convert)))
    select = ", ".join(f"{quote(table)}.{quote(field.column)}" for field in fields)
    return f"SELECT {select} ", tuple(field.attname for field in fields), tuple(converters)


def first_column(sql: str, params: list) -> list:
    """The first column of every row the SELECT returns."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def rows(sql: str, params: list) -> list[tuple]:
    """Every row the SELECT returns, as tuples of plain database values."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def exists(sql: str, params: list) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def execute(sql: str, params: list) -> int:
    """Run one INSERT, UPDATE or DELETE; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def save_fields(instance, fields: list[str]) -> None:
    """What `instance.save(update_fields=fields)` does for a model without signals, a save() of its own or auto_now
    fields among `fields`: one UPDATE by primary key. Like save(), it fails when the row is gone."""
    meta, quote = instance._meta, connection.ops.quote_name
    targets = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in targets)
    values = [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in targets]
    changed = execute(
        f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
        [*values, meta.pk.get_db_prep_value(instance.pk, connection)],
    )
    if changed != 1:
        raise DatabaseError(f"{meta.label} {instance.pk}: the row to update is gone")


def insert(instance) -> None:
    """What `instance.save(force_insert=True)` does for a model whose primary key is set before it is saved (a UUID
    default), without signals or a save() of its own: one INSERT of every column, each value as the field prepares
    it for saving (an auto_now_add time is set, a file field stores its name)."""
    meta, quote = instance._meta, connection.ops.quote_name
    fields = meta.concrete_fields
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})", values)
    instance._state.adding, instance._state.db = False, connection.alias
