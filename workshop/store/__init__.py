"""The notebook store: SQLite through sqlite-utils, records in and records out. No Textual here."""

from workshop.store.errors import NotebookError
from workshop.store.notebook import Notebook, new_id, notebook_path, now
from workshop.store.schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "Notebook", "NotebookError", "new_id", "notebook_path", "now"]
