"""Bulk writers for the generator: COPY on PostgreSQL, batched INSERTs elsewhere.

Rows are tuples in the order of the columns the caller names; every other column of the table gets its
model default, so a field added later with a default does not break the loader (one without a default
stops it with a clear message). Values are converted once per column type, not per row and field.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


class LoaderError(RuntimeError):
    pass


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = value if type(value) is str else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class Table:
    """Collects rows for one model and writes them in batches."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], batch: int = 50_000, trusted: bool = False) -> None:
        """``trusted``: the caller promises its strings hold no tab, newline or backslash and its dates are
        ISO strings or dates, so PostgreSQL rows are joined without escaping each value."""
        self.model = model
        self.trusted = trusted
        self.columns = list(columns)
        self.batch = batch
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        known = set(self.columns)
        self.extra_columns: list[str] = []
        self.extra_values: list[Any] = []
        for f in model._meta.concrete_fields:
            if f.column in known:
                continue
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif isinstance(f, models.CharField | models.TextField):
                value = ""
            else:
                raise LoaderError(f"the generator does not fill {model._meta.label}.{f.name}, which has no default")
            self.extra_columns.append(f.column)
            self.extra_values.append(value)
        self.pg = connection.vendor == "postgresql"
        if self.pg:
            self._suffix = "".join("\t" + _copy_text(v) for v in self.extra_values)
        else:
            self._extra = tuple(self._adapt(v) for v in self.extra_values)

    @staticmethod
    def _adapt(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return connection.ops.adapt_datefield_value(value)
        return value

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def extend(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.rows:
            return
        table = self.model._meta.db_table
        cols = self.columns + self.extra_columns
        with connection.cursor() as cur:
            if self.pg:
                suffix = self._suffix
                if self.trusted:
                    text = "".join(
                        "\t".join(["\\N" if v is None else v if type(v) is str else str(v) for v in row]) + suffix + "\n"
                        for row in self.rows
                    )
                else:
                    text = "".join("\t".join(_copy_text(v) for v in row) + suffix + "\n" for row in self.rows)
                sql = f"COPY {table} ({', '.join(cols)}) FROM STDIN"
                if _worker is not None:
                    _worker.submit(sql, text)
                else:
                    with cur.cursor.copy(sql) as copy:
                        copy.write(text)
            else:
                extra = self._extra
                marks = ", ".join(["%s"] * len(cols))
                cur.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                    [tuple(self._adapt(v) for v in row) + extra for row in self.rows],
                )
        self.written += len(self.rows)
        self.rows = []


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """After rows were written with explicit ids, move the id sequences past them (PostgreSQL)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)


@contextmanager
def indexes_deferred(model_list: Iterable[type[models.Model]]) -> Iterator[None]:
    """On PostgreSQL, drop the secondary indexes and foreign keys of empty tables while they are loaded, then
    restore them from their saved definitions: building an index once and checking a foreign key with one join
    is much faster than doing both row by row. The restored foreign keys check every row. Elsewhere, nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    saved: list[str] = []
    with connection.cursor() as cur:
        for model in model_list:
            table = model._meta.db_table
            cur.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = %s "
                "AND i.indexname NOT IN (SELECT c.conname FROM pg_constraint c WHERE c.conrelid = %s::regclass)",
                [table, table],
            )
            for name, ddl in cur.fetchall():
                saved.append(ddl)
                cur.execute(f'DROP INDEX "{name}"')
            cur.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            for name, definition in cur.fetchall():
                saved.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
                cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cur:
            for ddl in saved:
                cur.execute(ddl)


class _CopyWorker(threading.Thread):
    """Runs the COPY statements on its own connection while the main thread prepares the next rows: the
    database server and Python then use one core each."""

    def __init__(self) -> None:
        super().__init__(name="dangbo-copy", daemon=True)
        self.jobs: queue.Queue[tuple[str, str] | None] = queue.Queue(maxsize=3)
        self.error: BaseException | None = None

    def submit(self, sql: str, text: str) -> None:
        if self.error is not None:
            raise LoaderError("loading failed") from self.error
        self.jobs.put((sql, text))

    def run(self) -> None:
        try:
            with connection.cursor() as cur:
                cur.execute("SET synchronous_commit = off")
                while (job := self.jobs.get()) is not None:
                    if self.error is None:
                        with cur.cursor.copy(job[0]) as copy:
                            copy.write(job[1])
        except BaseException as exc:  # reported to the main thread
            self.error = exc
            while self.jobs.get() is not None:
                pass
        finally:
            connection.close()


_worker: _CopyWorker | None = None


@contextmanager
def copy_in_background() -> Iterator[None]:
    """Within the block, tables flush through a background COPY (PostgreSQL only); all rows are written and
    any error raised when the block ends."""
    global _worker
    # Inside a transaction another connection would not see its rows: write in line then.
    if connection.vendor != "postgresql" or _worker is not None or connection.in_atomic_block:
        yield
        return
    worker = _CopyWorker()
    worker.start()
    _worker = worker
    try:
        yield
    finally:
        _worker = None
        worker.jobs.put(None)
        worker.join()
        if worker.error is not None:
            raise LoaderError(f"loading failed: {worker.error}") from worker.error
