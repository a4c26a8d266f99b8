"""The preview draws what the export writes: every word of the exported summary's lists, in the
same order, and every table row with its cells (narrowed to the window, ending with an ellipsis),
drawn line by line as the screen shows them."""

from __future__ import annotations

import re
from pathlib import Path

from test_tui_preview import open_preview
from test_tui_synthesis import app_for, demo_home, run_async

from workshop.export.writer import write_summary
from workshop.records import Session
from workshop.tui.widgets.summary_view import ListLines, TableLines

MARKER = re.compile(r"^(\d+\.|[-*+•▪‣◦⁃])$")  # a list marker, as written or as drawn
LIST_LINE = re.compile(r"^\s*(\d+\.|[-*+])\s|^\s{2,}\S")  # an item or its continuation
TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def words(text: str) -> list[str]:
    """The words of a text, without Markdown's emphasis or list markers."""
    plain = re.sub(r"[*_`]", " ", text)
    return [w for w in plain.split() if not MARKER.match(w)]


def in_order(drawn: list[str], written: list[str]) -> bool:
    """Every drawn word is the next written one (or its start, cut with an ellipsis)."""
    rest = iter(written)
    return all(any(w == d or (d.endswith("…") and w.startswith(d[:-1])) for w in rest) for d in drawn)


@run_async
async def test_the_preview_draws_the_exported_lists_and_tables(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_preview(pilot, session_id)
        summary, _card = write_summary(app.notebook, [app.notebook.get(Session, session_id)], home)
        exported = summary.read_text(encoding="utf-8").splitlines()

        def drawn(kind: type) -> list[list[str]]:
            return [[widget.render_line(y).text for y in range(widget.size.height)]
                    for widget in screen.query(kind)]

        # Lists: the same words in the same order.
        listed = [line for line in exported if LIST_LINE.match(line) and not line.startswith("|")]
        lines = [line for widget in drawn(ListLines) for line in widget]
        assert listed and lines
        assert words(" ".join(lines)) == words(" ".join(listed))

        # Tables: a header, a rule, then one drawn line per row, each cell as written or cut.
        rows = [line for line in exported if line.startswith("|") and not TABLE_RULE.match(line)]
        tables = drawn(TableLines)
        assert tables and sum(len(table) - 1 for table in tables) == len(rows)  # the drawn rule is not a row
        shown = [line for table in tables for n, line in enumerate(table) if n != 1]
        for line, row in zip(shown, rows):
            assert in_order(line.split(), words(row.replace("|", " "))), (line, row)
