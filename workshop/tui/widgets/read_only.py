"""A final session is read-only until it is reopened: the one check, and the one line every screen says.

Used by the workspace and the synthesis screen; the status is read from the notebook each time
(one row by its key), so a session made final in another screen is never changed by a stale copy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from textual.dom import DOMNode

from workshop.records import Session

FINAL_MESSAGE = "This session is final; reopen it to change it"

T = TypeVar("T", bound=Callable[..., object])


def session_is_final(notebook, session_id: str) -> bool:
    """True when the session is marked final in the notebook."""
    session = notebook.get(Session, session_id)
    return session is not None and session.status == "final"


def refuse_if_final(node: DOMNode, session_id: str) -> bool:
    """Say the one line and return True when the session is final (the change must not happen)."""
    if session_is_final(node.app.notebook, session_id):
        node.notify(FINAL_MESSAGE, severity="warning", markup=False)
        return True
    return False


def recording(method: T) -> T:
    """A screen method that changes the session: refused, before any form opens, while it is final.

    The screen has a `session_id`. Textual reads the parameters of the wrapped method (through
    `functools.wraps`), so actions and message handlers keep working as before.
    """

    @wraps(method)
    def guarded(self, *args, **kwargs):
        if refuse_if_final(self, self.session_id):
            return None
        return method(self, *args, **kwargs)

    return guarded  # type: ignore[return-value]
