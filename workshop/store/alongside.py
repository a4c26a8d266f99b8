"""A query of an attached file run on a connection of its own, in a thread, while the fold writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from threading import Thread


class Alongside(Thread):
    """A read-only query of a notebook file on a second connection, started at once.

    SQLite lets go of the GIL as it runs a statement: the query and the writing connection's
    statements run on two cores at once (a Python function the query calls takes the GIL back for
    a few microseconds a row).
    """

    def __init__(self, database: str, schema: str, sql: str, args: Mapping | Sequence = (), *,
                 functions: Mapping[str, Callable[..., object]] | None = None) -> None:
        super().__init__(name=f"alongside-{schema}", daemon=True)
        self.database, self.schema, self.sql, self.args = database, schema, sql, args
        self.functions = functions or {}
        self._found: list = []
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            with closing(sqlite3.connect(":memory:", uri=True)) as conn:  # the file may be a file: URI
                conn.execute(f"ATTACH DATABASE ? AS [{self.schema}]", [self.database])
                for name, function in self.functions.items():
                    conn.create_function(name, -1, function, deterministic=True)
                self._found = [row[0] for row in conn.execute(self.sql, self.args)]
        except BaseException as error:  # raised again by found(), on the thread that asks
            self._error = error

    def found(self) -> list:
        """The first column of each row the query gave, once it is done; or the error it met."""
        self.join()
        if self._error is not None:
            raise self._error
        return self._found
