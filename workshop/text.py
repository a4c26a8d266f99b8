"""Cleaning of text that comes from users and files, before it is stored or shown."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL and the Unicode line/paragraph separators, but not tab or newline:
# an escape sequence loses its ESC and can no longer drive the terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str) -> str:
    """Text with line endings made plain and control characters other than newline and tab removed."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """Text cleaned and folded onto one line, for names, titles and labels."""
    return " ".join(clean(text).split())
