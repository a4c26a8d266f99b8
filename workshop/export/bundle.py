"""The JSON bundle: every table of a notebook (or of some sessions) as one versioned document."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from workshop.records import Record

BUNDLE_FORMAT = "workshop-bundle"
BUNDLE_VERSION = 1


def bundle_json(tables: Mapping[str, Sequence[Record]], *, exported_at: str, schema_version: int) -> str:
    """The bundle document as JSON text, tables in the order they were given."""
    document = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "schema_version": schema_version,
        "exported_at": exported_at,
        "tables": {table: [record._asdict() for record in records] for table, records in tables.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
