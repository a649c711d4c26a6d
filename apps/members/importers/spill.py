"""Where the checked rows wait between the two passes, so memory does not grow with the file.

* :class:`TableSpill` (PostgreSQL and SQLite): a temporary table of this database session. On PostgreSQL it
  is filled with ``COPY`` while pass 1 goes on (the database takes the rows in on its own process as Python
  checks the next ones), and each row gets its future person id from the ``members_person`` sequence as it
  arrives (a rejected file leaves a gap in the ids, nothing else). On SQLite rows are inserted in batches
  and numbered; the ids are given inside the writing transaction, where SQLite has a single writer. Either
  way the service writes the rows with a few set-based statements.
* :class:`FileSpill`: a temporary file of pickled batches, for other databases; the service writes its rows
  with ``bulk_create``.
"""

from __future__ import annotations

import pickle
import tempfile
import uuid
from collections.abc import Iterator
from typing import IO

from django.db import connection

from apps.members.importers.checks import MemberRow, Spill
from apps.members.models import Person

_TYPES = {
    "row": "integer",
    "birth_date": "date",
    "admission_date": "date",
    "full_member_date": "date",
    "start_date": "date",
    "organization_id": "bigint",
}
_COLUMNS = ", ".join(MemberRow._fields)


class FileSpill:
    """Checked rows on disk, one pickled batch after another, read back in the same order."""

    set_based = False

    def __init__(self) -> None:
        # closed by close() or on leaving the ``with`` block
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix="dangbo-import-")  # noqa: SIM115
        self.count = 0

    def __enter__(self) -> FileSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, rows: list[MemberRow]) -> None:
        if rows:
            pickle.dump([tuple(r) for r in rows], self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += len(rows)

    def rows(self) -> Iterator[MemberRow]:
        self.file.seek(0)
        while True:
            try:
                batch = pickle.load(self.file)
            except EOFError:
                return
            for values in batch:
                yield MemberRow(*values)

    def conflicts(self) -> Iterator[tuple[str, int, str, int]]:
        return iter(())

    def close(self) -> None:
        self.file.close()


class TableSpill:
    """Checked rows in a temporary table of this database session (PostgreSQL, SQLite)."""

    set_based = True

    def __init__(self) -> None:
        self.table = f"dangbo_import_{uuid.uuid4().hex[:16]}"
        self.count = 0
        self.postgresql = connection.vendor == "postgresql"
        columns = ", ".join(f"{name} {_TYPES.get(name, 'text')}" for name in MemberRow._fields)
        with connection.cursor() as cur:
            if self.postgresql:
                cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Person._meta.db_table])
                (sequence,) = cur.fetchone()
                cur.execute(
                    f"CREATE TEMPORARY TABLE {self.table} (person_id bigint NOT NULL DEFAULT nextval(%s::regclass), {columns})",
                    [sequence],
                )
            else:
                cur.execute(f"CREATE TEMPORARY TABLE {self.table} (person_id integer, ord integer NOT NULL, {columns})")

    def __enter__(self) -> TableSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, rows: list[MemberRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cur:
            if self.postgresql:
                raw = cur.cursor  # the psycopg cursor: COPY is not part of the DB-API
                with raw.copy(f"COPY {self.table} ({_COLUMNS}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
            else:
                marks = ", ".join(["%s"] * (len(MemberRow._fields) + 1))
                cur.executemany(
                    f"INSERT INTO {self.table} (ord, {_COLUMNS}) VALUES ({marks})",
                    [(self.count + i, *r) for i, r in enumerate(rows, start=1)],
                )
        self.count += len(rows)

    def assign_ids(self) -> None:
        """Give each row its person id, above every id ``members_person`` has had (inside the writing
        transaction; on PostgreSQL the sequence gave them already)."""
        if self.postgresql:
            return
        table = Person._meta.db_table
        with connection.cursor() as cur:
            cur.execute(f"SELECT MAX(id) FROM {table}")
            (highest,) = cur.fetchone()
            cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cur.fetchone()
            base = max(highest or 0, found[0] if found else 0)
            cur.execute(f"UPDATE {self.table} SET person_id = %s + ord", [base])

    def conflicts(self) -> Iterator[tuple[str, int, str, int]]:
        """Rows that repeat an earlier row or a recorded person, found with a few set-based queries
        (grouping the table, and indexed joins with ``members_person``)."""
        t, person = self.table, Person._meta.db_table
        queries: list[tuple[str, str]] = []
        for field in ("citizen_id", "card_number"):
            queries.append(
                (
                    field,
                    f"SELECT t.row, t.{field}, d.first FROM {t} t JOIN (SELECT {field}, MIN(row) AS first FROM {t}"
                    f" WHERE {field} <> '' GROUP BY {field} HAVING COUNT(*) > 1) d ON d.{field} = t.{field} WHERE t.row > d.first",
                )
            )
            queries.append(
                (field, f"SELECT t.row, t.{field}, 0 FROM {t} t JOIN {person} p ON p.{field} = t.{field} WHERE t.{field} <> ''")
            )
        same = "d.name_folded = t.name_folded AND d.birth_date = t.birth_date"
        queries += [
            (
                "given_name",
                f"SELECT t.row, t.given_name, d.first FROM {t} t JOIN (SELECT name_folded, birth_date, MIN(row) AS first FROM {t}"
                f" WHERE name_folded <> '' AND birth_date IS NOT NULL GROUP BY name_folded, birth_date HAVING COUNT(*) > 1) d"
                f" ON {same} WHERE t.row > d.first",
            ),
            (
                "given_name",
                f"SELECT DISTINCT t.row, t.given_name, 0 FROM {t} t JOIN {person} d ON {same} WHERE t.name_folded <> ''",
            ),
        ]
        with connection.cursor() as cur:
            for name, sql in queries:
                cur.execute(sql)
                for row, value, first in cur.fetchall():
                    yield name, row, value, first

    def rows(self) -> Iterator[MemberRow]:
        with connection.cursor() as cur:
            cur.execute(f"SELECT {_COLUMNS} FROM {self.table} ORDER BY row")
            while batch := cur.fetchmany(2000):
                for values in batch:
                    yield MemberRow(*values)

    def close(self) -> None:
        if connection.connection is None:
            return
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.table}")


def new_spill() -> FileSpill | TableSpill:
    if connection.vendor in ("postgresql", "sqlite"):
        return TableSpill()
    return FileSpill()


__all__ = ["FileSpill", "Spill", "TableSpill", "new_spill"]
