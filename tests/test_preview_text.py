"""The preview draws what the export writes: every word of the exported summary (its headings,
paragraphs, lists and tables) in the same order, in both forms; tables narrowed to the window
end their cells with an ellipsis; the lines are drawn where the view is scrolled to, and made
again for a new width. The summary is read as the export's parser reads it: the quick reading
gives the parser's own tokens, or leaves the text to the parser."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line
from test_export_markdown import MARKDOWN_BITS, PROPERTY, REPORT_PROPERTY, reports, summaries
from test_tui_preview import open_preview
from test_tui_synthesis import app_for, demo_home, run_async, wait_for

from workshop.export import markdown as md
from workshop.export.report import render_report
from workshop.export.summary import render_summary
from workshop.export.writer import write_summary
from workshop.records import Session
from workshop.tui.widgets.summary_view import SummaryView, Table, breaks, parsed_tokens, summary_blocks, token_blocks

MARKER = re.compile(r"^(\d+\.|[-*+•▪‣◦⁃]|#+|[-:─]+)$")  # a list marker, heading mark or table rule
TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$|^[─ ]+$")  # a delimiter row as written, or the rule drawn
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def words(text: str) -> list[str]:
    """The words of a text, without Markdown's escapes, emphasis, headings, table pipes or list markers."""
    plain = re.sub(r"[*_`|]", " ", ESCAPE.sub(r"\1", text))
    return [w for w in plain.split() if not MARKER.match(w)]


def in_order(drawn: list[str], written: list[str]) -> bool:
    """Every drawn word is the next written one (or its start, cut with an ellipsis)."""
    rest = iter(written)
    return all(any(w == d or (d.endswith("…") and w.startswith(d[:-1])) for w in rest) for d in drawn)


def exported_text(app, home: Path, session_id: str, form: str) -> str:
    summary, _card = write_summary(app.notebook, [app.notebook.get(Session, session_id)], home, form=form)
    return summary.read_text(encoding="utf-8")


@run_async
async def test_the_preview_draws_every_word_of_the_export_in_order(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_preview(pilot, session_id)
        for form in ("report", "notes"):
            if screen.look.form != form:
                await pilot.press("f")
                await wait_for(pilot, lambda: screen.look.form == form and screen.render_seconds is not None, form)
            written = exported_text(app, home, session_id, form)
            # What a long meeting's summary holds: headings, numbered and bulleted lists, tables.
            lines = written.splitlines()
            assert any(line.startswith("## ") for line in lines)
            assert any(re.match(r"\d+\. ", line) for line in lines)
            assert any(line.startswith("|") for line in lines)
            if form == "notes":
                assert any(line.startswith("### ") for line in lines) and "**" in written
                assert any(line.startswith("  - ") for line in lines)  # a list inside a list
            view = screen.query_one("#summary-scroll", SummaryView)
            assert view.source == written
            drawn = [line.content.plain for line in view.lines]
            width = view.wrap_width
            tables = {line.content.plain for block in view._blocks if isinstance(block, Table) for line in block.lines(width)}
            assert tables
            # The tables row by row in the next test (a long cell is cut); the rest word for word.
            assert words(" ".join(line for line in drawn if line not in tables)) == \
                words(" ".join(line for line in lines if not line.startswith("|"))), form
            # Nothing of the Markdown's syntax shows: no pipes, no emphasis marks, no escapes.
            assert not any("|" in line or "**" in line or "\\" in line for line in drawn)


@run_async
async def test_the_preview_draws_the_lines_where_it_is_scrolled(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_preview(pilot, session_id)
        view = screen.query_one("#summary-scroll", SummaryView)
        width = view.scrollable_content_region.width  # the lines and the blank column beside them
        assert len(view.lines) > 3 * view.size.height  # longer than the window: it scrolls
        for _ in range(3):
            top = view.scroll_offset.y
            for y in range(view.scrollable_content_region.height):
                assert view.render_line(y).text == view.lines[top + y].content.plain.ljust(width)
            await pilot.press("pagedown")
            await wait_for(pilot, lambda: view.scroll_offset.y > top, "the next page")


@run_async
async def test_the_preview_narrows_tables_to_the_window_and_wraps_again_when_it_changes(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_preview(pilot, session_id)
        written = exported_text(app, home, session_id, "report").splitlines()  # its annex is wide
        view = screen.query_one("#summary-scroll", SummaryView)
        width = view.wrap_width

        # Every table row is drawn on one line, its cells as written or cut with an ellipsis.
        rows = [line for line in written if line.startswith("|") and not TABLE_RULE.match(line)]
        tables = [block for block in view._blocks if isinstance(block, Table)]
        drawn = [line.content.plain for table in tables for n, line in enumerate(table.lines(width)) if n != 1]
        assert tables and len(drawn) == len(rows)
        assert all(in_order(line.split(), words(row)) for line, row in zip(drawn, rows))
        assert all(len(line) <= width for line in drawn) and any("…" in line for line in drawn)
        shown = [line.content.plain for line in view.lines]
        assert all(line in shown for line in drawn)

        # A narrower window: the lines are made again for its width, the words unchanged.
        before = [line.content.plain for line in view.lines]
        await pilot.resize_terminal(70, 32)
        await wait_for(pilot, lambda: view.lines and max(len(line.content.plain) for line in view.lines) <= 66, "rewrapped")
        assert view.scrollable_content_region.width < width
        after = [line.content.plain for line in view.lines]
        assert len(after) > len(before)
        text = [line for line in after if not TABLE_RULE.match(line) and "…" not in line]
        assert words(" ".join(text))[:50] == words(" ".join(before))[:50]


def test_lines_break_where_textual_breaks_them() -> None:
    """The quick way of breaking lines gives Textual's breaks, long words and wide letters included."""
    rng = random.Random(15)
    pieces = ["a", "of", "the", "cybercrime", "x" * 30, "(a)", "Côte", "d’Ivoire", "—", "東京", " ", "  "]
    texts = ["", " ", "one", "Two speakers stressed that most cybercrime went unreported."]
    texts += ["".join(rng.choice(pieces) + rng.choice(("", " ", " ", "  ")) for _ in range(rng.randint(1, 40)))
              for _ in range(3000)]
    for text in texts:
        for width in (1, 2, 5, 12, 29, 40, 74, 118):
            assert breaks(text, width) == divide_line(text, width, fold=True), (text, width)


def test_the_letters_taken_for_one_cell_wide_are_one_cell_wide() -> None:
    """The quick breaking counts a cell a letter only for letters Textual measures so."""
    from textual._cells import cell_len

    from workshop.tui.widgets.summary_view import _ONE_CELL

    taken = [chr(n) for n in range(0x20, 0x2600) if _ONE_CELL.fullmatch(chr(n))]
    assert "’" in taken and "é" in taken and "—" in taken and "\u200b" not in taken
    assert [c for c in taken if cell_len(c) != 1] == []


@given(st.text(alphabet=st.sampled_from(list("ab é東\t\n\r\x07\x08\x0b\x0c\xa0\u2003\u2028")), max_size=30))
def test_a_texts_spaces_and_control_codes_are_taken_as_textual_takes_them(text: str) -> None:
    """The quick look at a text's spaces and control codes gives what a pattern and Content give."""
    from textual.content import Content

    from workshop.tui.widgets.summary_view import single_spaced, without_control_codes

    assert single_spaced(text) == re.sub(r"\s+", " ", text)
    assert without_control_codes(text) == Content(text).plain


@run_async
async def test_the_summary_can_be_selected_with_the_mouse(home: Path) -> None:
    from textual.geometry import Offset
    from textual.selection import Selection

    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_preview(pilot, session_id)
        view = screen.query_one("#summary-scroll", SummaryView)
        drawn = [line.content.plain for line in view.lines]
        # The mouse finds the line under it: the strips carry their place in the lines.
        assert view.render_line(3)._segments[0].style.meta["offset"] == (0, 3)
        before = view.render_line(2)
        screen.selections = {view: Selection(Offset(2, 1), Offset(6, 3))}
        await pilot.pause()
        assert screen.get_selected_text() == "\n".join([drawn[1][2:], drawn[2], drawn[3][:6]])
        selected = view.render_line(2)
        assert selected.text == before.text and selected._segments != before._segments  # drawn selected


# --- the quick reading ------------------------------------------------------------------------


def read_as_the_parser(text: str) -> bool:
    """The quick reading gives the parser's tokens (True), or leaves the text to it (False)."""
    try:
        tokens = md.read(text)
    except md.Unsure:
        return False
    assert tokens == parsed_tokens(text)
    return True


@PROPERTY
@given(summaries())
def test_any_rapporteurs_notes_are_read_as_the_parser_reads_them(case) -> None:
    topic, records = case
    for attributed in (False, True):
        read_as_the_parser(render_summary(topic, records, attributed=attributed))


@REPORT_PROPERTY
@given(reports())
def test_any_report_is_read_as_the_parser_reads_it(case) -> None:
    topic, records = case
    for attributed in (False, True):
        read_as_the_parser(render_report(topic, records, attributed=attributed, list_of_speakers=attributed))


pieces = st.lists(st.one_of(st.sampled_from(MARKDOWN_BITS), st.text(max_size=4)), max_size=8).map("".join)


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from(["line", "block", "item", "numbered", "table", "strong", "em",
                                           "heading", "raw"]), pieces, pieces), max_size=8))
def test_any_markdown_of_the_exports_pieces_is_read_as_the_parser_reads_it(parts) -> None:
    """The export's building blocks around any text, and raw Markdown, which the reading may leave."""
    written = []
    for kind, text, more in parts:
        written.append({
            "line": lambda: md.line(text), "block": lambda: md.block(text + "\n" + more),
            "item": lambda: md.list_item("-", md.strong(text), more) + "\n" + md.list_item("  -", "", text),
            "numbered": lambda: f"12. {md.opening(md.inline(text))}\n\n    (a) {md.inline(more)}",
            "table": lambda: md.table(("A", "B"), ("---", "---:"), [(text, more), (more, text)]),
            "strong": lambda: f"1. {md.strong(text)} ({md.inline(more)}). {md.inline(text)}",
            "em": lambda: f"*{md.inline(text)}*", "heading": lambda: f"### {md.inline(text)}",
            "raw": lambda: text + more,
        }[kind]())
    read_as_the_parser("\n\n".join(written) + "\n")


@run_async
async def test_the_demo_and_a_long_meeting_are_read_without_the_parser(home: Path) -> None:
    """What the export writes of ordinary meetings needs no parser (it is loaded only past that)."""
    from workshop.export.forms import summary_parts
    from workshop.export.writer import document, summary_topic
    from workshop.store import Notebook
    from workshop.store.floor import summary_sources

    session_id = demo_home(home)
    with Notebook.open(home) as notebook:
        session = notebook.get(Session, session_id)
        sources = summary_sources(notebook, [session])
    for form, attributed in (("report", False), ("report", True), ("notes", False)):
        parts = summary_parts(summary_topic([session]), *sources, form=form, attributed=attributed)
        text = b"".join(document(parts)).decode("utf-8")
        assert read_as_the_parser(text), form
        assert summary_blocks(text) == token_blocks(parsed_tokens(text))


@pytest.mark.parametrize("text", ["Two speakers\tstressed", "a\r\nb", "[a](http://x)", "`code`", "_em_",
                                  "> quoted", "    code", "***", "&amp;", "<http://x.org>", "x\n===",
                                  "**’quoted’**"])
def test_what_the_export_never_writes_is_left_to_the_parser(text: str) -> None:
    with pytest.raises(md.Unsure):
        md.read(text)
    assert summary_blocks(text) == token_blocks(parsed_tokens(text))


def test_the_reading_trims_what_markdown_it_trims() -> None:
    from markdown_it.common.utils import MD_TRIM_CHARS

    assert set(md._TRIM) == set(MD_TRIM_CHARS)
