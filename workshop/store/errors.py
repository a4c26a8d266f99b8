"""The one kind of error the store raises: a sentence a rapporteur can read."""

from __future__ import annotations


class NotebookError(Exception):
    """A problem with a notebook file, its folder or the data given to it, said in one line."""
