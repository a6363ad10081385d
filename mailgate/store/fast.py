"""Per-message statements run straight on the DBAPI cursor of the transaction's connection.

Each message writes six or seven rows (claim, raw copy, rate count, confirmation, audit, outbox).
SQLAlchemy builds and compiles those statements (once per dialect, here), but running a compiled
statement through `Connection.execute` costs about 40 us of Python a statement, four times the
database's own work on SQLite (bench/RESULTS.md, session 11). Here the compiled SQL and the order of
its parameters are kept, each value goes through its column type's own bind processor (so a datetime
is stored exactly as the ORM stores it), and the statement runs on the connection's DBAPI cursor, in
the same transaction. A driver error comes out as SQLAlchemy's `DBAPIError` family, as from
`Connection.execute`, and a lost connection is invalidated the same way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    processors: tuple[Processor, ...]
    positional: bool
    fixed: Mapping[str, Any]  # values written in the statement ("kind == 'customer'")


class Statement:
    """A statement (or one per dialect name) compiled per dialect and set of parameter names."""

    def __init__(self, stmt: ClauseElement | Mapping[str, ClauseElement]) -> None:
        self.clause = stmt
        self._compiled: dict[tuple[str, tuple[str, ...]], _Compiled] = {}

    def _compile(self, dialect: Dialect, keys: tuple[str, ...]) -> _Compiled:
        stmt = self.clause if isinstance(self.clause, ClauseElement) else self.clause[dialect.name]
        compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
        assert isinstance(compiled, SQLCompiler)
        binds = compiled.binds
        names = tuple(compiled.positiontup or ()) if dialect.positional else tuple(binds)
        fixed = {name: binds[name].value for name in names if name not in keys and _is_literal(binds[name])}
        if set(names) - fixed.keys() != set(keys):  # a default the execution context would fill, or a gap
            raise ValueError(f"statement wants {sorted(names)}, given {sorted(keys)}")
        processors = tuple(binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
        return _Compiled(compiled.string, names, processors, dialect.positional, fixed)

    def run(self, conn: Connection, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """Execute in the connection's open transaction; the first row returned, if any."""
        dialect = conn.dialect
        key = (dialect.name, tuple(params))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(dialect, key[1])
        given = {**params, **compiled.fixed} if compiled.fixed else params
        values = [
            given[name] if process is None else process(given[name])
            for name, process in zip(compiled.names, compiled.processors, strict=True)
        ]
        dbapi_conn = conn.connection.dbapi_connection
        assert dbapi_conn is not None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(
                compiled.sql,
                values if compiled.positional else dict(zip(compiled.names, values, strict=True)),
            )
        except dialect.loaded_dbapi.Error as exc:
            cursor.close()
            lost = dialect.is_disconnect(exc, dbapi_conn, cursor)
            if lost:
                conn.invalidate(exc)
            raise DBAPIError.instance(
                compiled.sql,
                values,
                exc,
                dialect.loaded_dbapi.Error,
                connection_invalidated=lost,
                dialect=dialect,
            ) from exc
        try:
            return cursor.fetchone() if cursor.description is not None else None
        finally:
            cursor.close()


def _is_literal(bind: BindParameter[Any]) -> bool:
    """A value written into the statement itself, not one left for the caller or a column default."""
    # A column default is a bind with no value, filled by the execution context this path skips.
    return not bind.required and bind.callable is None and bind.value is not None
