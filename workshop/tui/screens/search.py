"""Search: find what was said across the notebook, narrow it with filters, open a result.

The screen closes with the chosen `SearchHit` (or None); whoever opened it goes to the record.
The words are looked for in the discussion guide too; a guide result opens the guide there.
The results are read in a thread; the list draws only the results in view (see `ResultList`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Generic, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Input, Select, Static
from textual.worker import get_current_worker

from workshop.catalogue import load_catalogue
from workshop.catalogue.reading import GuideHit, search_guide
from workshop.records import EVIDENCE_LEVELS, FINDING_KINDS, SPEAKER_CATEGORIES, Session
from workshop.store import NotebookError
from workshop.store.query import Highlighted, parse_query
from workshop.store.search import (
    FINDING,
    INTERVENTION,
    KEY_POINT,
    RESULT_KINDS,
    SYNTHESIS,
    SearchFilter,
    SearchHit,
    search,
)
from workshop.tui.display import letter
from workshop.tui.screens.scope import ALL, ReviewScreen, Scope, scopes
from workshop.tui.widgets.choice import LazySelect
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.rows import MOVES, RowList

RESULT_LIMIT = 200
MATCH_STYLE = "bold reverse"
KIND_LABELS = {INTERVENTION: "Intervention", FINDING: "Finding", KEY_POINT: "Key point",
               SYNTHESIS: "Synthesis"}
KIND_STYLES = {INTERVENTION: "bold", FINDING: "bold $text-success", KEY_POINT: "bold $text-accent",
               SYNTHESIS: "bold $text-primary"}
GUIDE = "guide"  # the kind filter's choice for the guide's text alone
GUIDE_STYLE = "bold $text-warning"
FILTERS = ("scope", "kind", "question", "speaker", "category", "finding-kind", "evidence")  # their Selects' ids


def marked(text: Highlighted) -> list:
    """Content parts of a highlighted text: the matched words styled, everything else literal."""
    return [(piece, MATCH_STYLE) if matched else piece for piece, matched in text.pieces()]


def question_label(refs: tuple[str, ...]) -> str:
    """Question references as the programme names them: "W3 (a, b)"."""
    if not refs:
        return ""
    topic = refs[0].split(".", 1)[0]
    letters = [letter(r) for r in refs if r.startswith(topic + ".")]
    return f"{topic} ({', '.join(letters)})" if letters else ", ".join(refs)


def hit_content(hit: SearchHit) -> tuple[Content, Content]:
    """One result: what and where, then the matched text with its words marked."""
    head: list = [(KIND_LABELS.get(hit.kind, hit.kind), KIND_STYLES.get(hit.kind, "bold"))]
    if hit.kind == FINDING:
        head.append(f": {hit.finding_kind}")
        if hit.evidence:
            head.append(f", {hit.evidence}")
    for part in (question_label(hit.question_refs) or hit.topic, hit.session_date, hit.speaker):
        if part:
            head += [(" · ", "dim"), part]
    body: list = []
    if hit.title.text:
        body += [*marked(hit.title), " — " if hit.excerpt.text else ""]
    body += marked(hit.excerpt)
    return Content.assemble(*head), Content.assemble(*body)


def guide_hit_content(hit: GuideHit) -> tuple[Content, Content]:
    """A guide result: "Guide" and its paragraph, then the text with its words marked."""
    head: list = [("Guide", GUIDE_STYLE)]
    for part in (hit.place, hit.topic or "Introduction", hit.section):
        head += [(" · ", "dim"), part]
    return Content.assemble(*head), Content.assemble(*marked(hit.excerpt))


def result_content(hit: SearchHit | GuideHit) -> tuple[Content, Content]:
    """The heading and text of a result of either kind."""
    return guide_hit_content(hit) if isinstance(hit, GuideHit) else hit_content(hit)


R = TypeVar("R")


class ResultList(RowList, Generic[R]):
    """Results of two lines each, what and where, then the text; Enter (or a click) opens one.

    The highlighted result is shown in full, its text wrapped under its heading; the others are
    cut to the width. Only the lines in view are drawn and only the highlighted result is wrapped,
    so showing 200 results costs what showing the dozen in view does (Textual's OptionList wraps
    and measures every option it is given). Its look is RowList's.
    """

    BINDINGS = [*MOVES, Binding("enter", "select", "Open", show=False)]
    ROW = 2  # the lines of a result that is not highlighted
    INDENT = 2  # its text starts under its heading's second letter

    class Selected(Message):
        """A result was chosen (Enter or a click)."""

        def __init__(self, results: ResultList, index: int) -> None:
            super().__init__()
            self.results, self.index = results, index

        @property
        def control(self) -> ResultList:
            return self.results

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[R] = []
        self._describe: Callable[[R], tuple[Content, Content]] = lambda row: (Content(), Content())
        self._parts: dict[int, tuple[Content, Content]] = {}  # heading and text of the results drawn
        self._highlighted: int | None = None
        self._hover_row: int | None = None
        self._whole: list[Content] = []  # the highlighted result's lines, wrapped to the width

    def show(self, rows: Sequence[R], describe: Callable[[R], tuple[Content, Content]]) -> None:
        """List these results, `describe(row)` giving the heading and text of each one drawn; the
        first is highlighted."""
        self._rows, self._describe = list(rows), describe
        self._parts.clear()
        self._highlighted = 0 if self._rows else None
        self._hover_row = None
        self._unfold()
        self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def row_count(self) -> int:
        """How many results are listed."""
        return len(self._rows)

    def _move_highlight(self, row: int) -> None:
        self._highlighted = row
        self._unfold()

    def parts(self, index: int) -> tuple[Content, Content]:
        """The heading and text of one result."""
        if (found := self._parts.get(index)) is None:
            found = self._parts[index] = self._describe(self._rows[index])
        return found

    # --- drawing -------------------------------------------------------------------------------

    def _unfold(self) -> None:
        """Wrap the highlighted result to the width; the list's height follows."""
        index, width = self._highlighted, self.scrollable_content_region.width
        self._whole = []
        if index is not None and width - self.INDENT >= 10:  # laid out, and wide enough to read
            head, body = self.parts(index)
            indent = Content(" " * self.INDENT)
            self._whole = [*head.wrap(width), *(indent + line for line in body.wrap(width - self.INDENT))]
        height = self.ROW * (len(self._rows) - 1) + self._height if self._rows else 0
        size = Size(width, height)
        if size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)
        self.refresh()

    @property
    def _height(self) -> int:
        """The lines of the highlighted result."""
        return len(self._whole) or self.ROW

    def _row_at(self, line: int) -> tuple[int, int] | None:
        """The result (its place in the list) drawn on a line, and which of its lines that is."""
        top = self._highlighted
        if top is None or line < 0:
            return None
        if line < self.ROW * top:
            return divmod(line, self.ROW)
        if line < self.ROW * top + self._height:
            return top, line - self.ROW * top
        index, part = divmod(line - self._height + self.ROW, self.ROW)
        return (index, part) if index < len(self._rows) else None

    def _first_line(self, index: int) -> int:
        """The line of the list a result starts on."""
        top = self._highlighted
        return self.ROW * index + (self._height - self.ROW if top is not None and index > top else 0)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        found = self._row_at(self.scroll_offset.y + y)
        if found is None:
            return Strip.blank(width, self.row_style(None).rich_style)
        index, part = found
        style = self.row_style(index)
        if index == self._highlighted:
            if self._whole:
                content = self._whole[part]
            else:  # too narrow to wrap: cut like the others
                head, body = self.parts(index)
                content = head if part == 0 else Content(" " * self.INDENT) + body
        else:
            head, body = self.parts(index)
            content = head if part == 0 else Content(" " * self.INDENT) + body
        # Cut to the width first: the rest of a long line would be laid out only to be cut off.
        strip = Visual.to_strips(self, content.truncate(width, ellipsis=True), width, 1, style)[0]
        return strip.extend_cell_length(width, style.rich_style).apply_meta({"row": index})

    def on_resize(self) -> None:
        self._unfold()
        self._scroll_to_highlight()

    def _scroll_to_highlight(self) -> None:
        if self._highlighted is not None and self.is_mounted:
            self.scroll_to_region(Region(0, self._first_line(self._highlighted), self.scrollable_content_region.width,
                                         self._height), animate=False, force=True, immediate=True)

    # --- keys and the mouse ----------------------------------------------------------------------

    def action_page(self, direction: int) -> None:
        """Move the highlight by the height of the list."""
        if self._highlighted is None:
            return
        last = self._first_line(len(self._rows) - 1) + self.ROW - 1
        line = self._first_line(self._highlighted) + direction * self.scrollable_content_region.height
        found = self._row_at(max(0, min(last, line)))
        if found is not None:
            self.highlighted = found[0]

    def action_select(self) -> None:
        """Open the highlighted result."""
        if self._highlighted is not None:
            self.post_message(self.Selected(self, self._highlighted))

    def _refresh_row(self, row: int) -> None:
        self.refresh_lines(self._first_line(row), self.ROW)

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if index is not None:
            self.highlighted = index
            self.action_select()


class SearchScreen(ReviewScreen[SearchHit | None]):
    """Type to search; Enter opens the highlighted result, Escape goes back."""

    HELP_TITLE = "Search"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+f", "focus_query", "Edit the search", show=False),
        Binding("ctrl+r", "clear_filters", "Clear filters"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.hits: list[SearchHit] = []
        self.guide_hits: list[GuideHit] = []
        self._asked: tuple | None = None  # the last search started: the same one is not run again
        self._mounted = False
        self._found: tuple | None = None  # found before the list was there to show it
        notebook = self.app.notebook
        self.scopes = scopes(notebook, session_id)
        current = notebook.get(Session, session_id) if session_id else None
        # A session's own questions; from the home screen, every topic's.
        own = load_catalogue().topic(current.topic) if current else None
        self.session_topic = own.key if own else ""  # the guide's part a session scope looks in
        self._first_scope = self.scopes[0].key if current else ALL
        # Searched from the key on: the first results are looked for while the screen is made.
        self._ask("", self._filter({"scope": self._first_scope}), "")

    def compose(self) -> ComposeResult:
        notebook = self.app.notebook
        catalogue = load_catalogue()
        own = catalogue.topic(self.session_topic) if self.session_topic else None
        questions = [q for t in ([own] if own else catalogue.topics) for q in t.questions]
        yield Static("Search", id="search-title", classes="screen-title")
        with Horizontal(id="search-bar"):
            yield Static("Find", id="search-label")
            yield Input(placeholder='words, "a phrase", prefix*, OR', id="search-query", compact=True)
        with Horizontal(classes="filters", id="search-filters-1"):
            yield LazySelect([(s.label, s.key) for s in self.scopes], allow_blank=False,
                         value=self._first_scope, id="scope", compact=True)
            yield LazySelect([*((KIND_LABELS[k] + "s" if k != SYNTHESIS else "Syntheses", k)
                            for k in RESULT_KINDS), ("The guide", GUIDE)],
                         prompt="All records", id="kind", compact=True)
            yield LazySelect([(f"{q.ref}  {q.text}", q.ref) for q in questions],
                         prompt="Any question", id="question", compact=True)
        with Horizontal(classes="filters", id="search-filters-2"):
            yield LazySelect([(Text(s.label), s.id) for s in notebook.speakers()],
                         prompt="Any speaker", id="speaker", compact=True)
            yield LazySelect([(c, c) for c in SPEAKER_CATEGORIES], prompt="Any category",
                         id="category", compact=True)
            yield LazySelect([(k, k) for k in FINDING_KINDS], prompt="Any finding",
                         id="finding-kind", compact=True)
            yield LazySelect([(e, e) for e in EVIDENCE_LEVELS], prompt="Any evidence",
                         id="evidence", compact=True)
        yield ResultList(id="search-results")
        yield Static("", id="search-status", classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#search-query", Input))
        self._mounted = True
        if self._found is not None:  # found before the screen was made: shown in its first frame
            self._show(*self._found)

    # --- reading the form ----------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else ""

    def search_filter(self) -> SearchFilter:
        """The filters as chosen on the screen."""
        return self._filter({name: self._value(name) for name in FILTERS})

    def _filter(self, chosen: dict[str, str]) -> SearchFilter:
        """The filters of these choices, by the id of their Select; those not given are "any"."""
        scope = next((s for s in self.scopes if s.key == chosen.get("scope")), Scope(ALL, ""))
        kind = chosen.get("kind", "")
        return SearchFilter(
            topic=scope.topic or "",
            session_ids=(scope.session_id,) if scope.session_id else (),
            question_ref=chosen.get("question", ""),
            speaker_id=chosen.get("speaker", ""),
            speaker_category=chosen.get("category", ""),
            finding_kind=chosen.get("finding-kind", ""),
            evidence=chosen.get("evidence", ""),
            kinds=(kind,) if kind and kind != GUIDE else (),
        )

    @on(Input.Changed, "#search-query")
    @on(Select.Changed)
    def refresh_results(self) -> None:
        """Search again with what is typed and chosen now."""
        self._ask(self.query_one("#search-query", Input).value, self.search_filter(), self._value("kind"))

    def _ask(self, text: str, filters: SearchFilter, kind: str) -> None:
        """Search for this, unless it is what was last asked for."""
        # The guide's part of the scope's topic (a session's is its topic's); the whole notebook's:
        # the whole guide.
        guide_topic = filters.topic or (self.session_topic if filters.session_ids else "")
        asked = (text, filters, kind != GUIDE, guide_topic if kind in ("", GUIDE) else None)
        # The Selects settling on their first values as the screen is made report a change: the
        # search asked for with the screen is not run twice.
        if asked != self._asked:
            self._asked = asked
            text, filters, notebook, guide = asked
            self._search(text, filters, notebook=notebook, guide=guide)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str, filters: SearchFilter, *, notebook: bool, guide: str | None) -> None:
        worker = get_current_worker()
        hits: list[SearchHit] = []
        try:
            if notebook:
                opened = self.app.notebook.reopen()  # this thread's own connection
                try:
                    hits = search(opened, text, filters, limit=RESULT_LIMIT)
                finally:
                    opened.close()
        except NotebookError as error:
            if not worker.is_cancelled:
                self._asked = None  # the same search may be asked for again
                self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        # The guide has no sessions, speakers or findings: a filter on those leaves it out.
        in_guide = guide is not None and not replace(filters, topic="", session_ids=()).tests_rows
        guide_hits = search_guide(text, guide) if in_guide else []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, text, filters, hits, guide_hits)

    def _show(self, text: str, filters: SearchFilter, hits: list[SearchHit],
              guide_hits: list[GuideHit]) -> None:
        if not self._mounted:
            self._found = (text, filters, hits, guide_hits)
            return
        self._found = None
        # Closed while the search ran: gone, or being taken down (its widgets first, as Textual does).
        if not self.is_attached or self._pruning:
            return
        self.hits, self.guide_hits = hits, guide_hits
        self.query_one("#search-results", ResultList).show([*hits, *guide_hits], result_content)
        self.query_one("#search-status", Static).update(
            self._status(text, filters, len(hits), len(guide_hits)))

    def _status(self, text: str, filters: SearchFilter, count: int, in_guide: int = 0) -> Content:
        typed = bool(text.strip())
        if typed and parse_query(text).empty:
            return Content('Nothing to look for in that: type words, "a phrase" or a prefix*.')
        guide = f"; {in_guide} place{'s' if in_guide != 1 else ''} in the guide" if in_guide else ""
        if count == 0:
            if in_guide:
                return Content(f"Nothing in the notebook{guide}. Enter opens the highlighted one.")
            return Content("No results." if typed or filters.active else "Nothing recorded yet.")
        more = " (the first ones; narrow the search to see others)" if count >= RESULT_LIMIT else ""
        found = f"{count} result{'s' if count != 1 else ''}"
        what = ", best first" if typed else (", in the order recorded" if count > 1 else "")
        return Content(f"{found}{what}{more}{guide}. Enter opens the highlighted one.")

    # --- actions -------------------------------------------------------------------------------

    @on(ResultList.Selected, "#search-results")
    def _open(self, event: ResultList.Selected) -> None:
        index = event.index
        if 0 <= index < len(self.hits):
            self.dismiss(self.hits[index])
        elif 0 <= index - len(self.hits) < len(self.guide_hits):
            self._open_guide(self.guide_hits[index - len(self.hits)])

    def _open_guide(self, hit: GuideHit) -> None:
        """The guide at the place found, the words marked; Escape comes back to the results."""
        from workshop.tui.screens.guide import GuideScreen

        topic = load_catalogue().topic(hit.topic) if hit.topic else None
        kind, label = (("item", hit.item) if hit.item else
                       ("footnote", str(hit.footnote)) if hit.footnote is not None else
                       ("paragraph", str(hit.paragraph)))
        self.app.push_screen(GuideScreen(topic, (hit.paragraph, kind, label),
                                         find=self.query_one("#search-query", Input).value))

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        if self.hits:
            self.action_focus_results()

    def action_close(self) -> None:
        """Back to where the search was opened from."""
        self.dismiss(None)

    def action_focus_query(self) -> None:
        """Back to the search field."""
        self.query_one("#search-query", Input).focus()

    def action_focus_results(self) -> None:
        """Go to the list of results."""
        results = self.query_one("#search-results", ResultList)
        if results.row_count:
            results.focus()

    def action_clear_filters(self) -> None:
        """Every filter back to "any" (the scope stays)."""
        with self.prevent(Select.Changed):
            for select in self.query(".filters Select"):
                if select.id != "scope":
                    select.clear()
        self.refresh_results()
