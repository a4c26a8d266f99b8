"""The discussion guide to read during the meeting: a topic's paragraphs, opened at a question.

From the workspace it covers the programme only, so the note stays in sight; Escape closes it and
the note has its text and focus as they were. `/` finds words in it (`n` and `N` step through
them).
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from workshop.catalogue import Topic, load_catalogue
from workshop.catalogue.reading import Piece, introduction_pieces, search_guide, spans, topic_pieces
from workshop.store.query import Query, parse_query
from workshop.tui.screens.dialog import Dialog

MATCH_STYLE = "bold reverse"
_MARKS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")
PIECE_STYLES = {"title": "bold", "section": "bold $accent", "heading": "bold",
                "group": "bold underline"}


def searchable(text: str) -> str:
    """The text with its footnote marks blanked (same length), so words match across them."""
    return _MARKS.sub(" ", text)


def lead(piece: Piece) -> str:
    """What goes before a piece's text: its paragraph number, letter or footnote number."""
    if piece.kind == "paragraph" and piece.label:
        return f"{piece.label}. "
    if piece.kind == "item":
        return f"({piece.label}) " if piece.label.isalpha() else f"{piece.label}. "
    if piece.kind == "footnote":
        return f"[{piece.label}] "
    return ""


def line_of(content: Content, offset: int, width: int) -> int:
    """The line, once the content is wrapped to `width`, on which the character at `offset` falls."""
    at = 0
    for number, line in enumerate(content.wrap(max(width, 1))):
        found = content.plain.find(line.plain.strip(), at)
        if found == -1:
            break
        at = found + len(line.plain.strip())
        if offset < at:
            return number
    return 0


def piece_content(piece: Piece, query: Query | None = None, found: bool = False) -> Content:
    """One piece of the guide as text, never markup, with the matched words marked (by their
    stems too in a piece the guide's search `found`)."""
    lead_text = lead(piece)
    body = Content(piece.text)
    if piece.kind in PIECE_STYLES:
        body = body.stylize(PIECE_STYLES[piece.kind])
    if query is not None and not query.empty:
        for start, end in spans(searchable(piece.text), query, found=found):
            body = body.stylize(MATCH_STYLE, start, end)
    return Content.assemble((lead_text, "bold"), body) if lead_text else body


class GuideScreen(Dialog[None]):
    """A topic's part of the guide (or its introduction), scrolled to a question or paragraph."""

    DEFAULT_CSS = """
    GuideScreen { align: center top; }
    #guide { width: 100; max-width: 100%; height: 100%; border: round $accent;
             border-title-color: $accent; border-title-style: bold; background: $surface; }
    #guide-text { padding: 0 1; height: 1fr; }
    #guide-text Static { margin-bottom: 1; }
    #guide-text .-item, #guide-text .-quote { padding-left: 2; }
    #guide-text .-footnote { padding-left: 2; color: $text-muted; }
    #guide-text .-target { background: $accent 25%; }
    #guide-place { height: 1; padding: 0 1; color: $text-accent; text-style: bold;
                   text-wrap: nowrap; text-overflow: ellipsis; }
    #guide-find { height: 1; display: none; }
    #guide.-finding #guide-find { display: block; }
    #guide-hint { height: 1; color: $text-muted; padding: 0 1; text-wrap: nowrap;
                  text-overflow: ellipsis; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Back to where the guide was opened"),
        Binding("slash,ctrl+f", "find", "Find", tooltip="Find words in this part of the guide"),
        Binding("n", "step(1)", "Next match", show=False),
        Binding("N", "step(-1)", "Previous match", show=False),
    ]

    def __init__(self, topic: Topic | None, at: str | int | tuple[int, str, str] | None = None, *,
                 over: Widget | None = None, find: str = "") -> None:
        super().__init__()
        self.topic = topic
        self.at = at
        self.over = over
        self.find = find
        self.pieces = list(topic_pieces(topic) if topic else
                           introduction_pieces(load_catalogue().guide))
        self.matches: list[tuple[int, int]] = []  # (piece index, offset of the first match)
        self.match = -1
        self._pinned: int | None = None  # the piece last gone to, named while it is in sight

    # --- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        target = self._target()
        query = parse_query(self.find)  # the words marked from the first frame
        with Vertical(id="guide"):
            yield Static("", id="guide-place")
            with VerticalScroll(id="guide-text"):
                for n, piece in enumerate(self.pieces):
                    classes = f"-{piece.kind}" + (" -target" if n == target else "")
                    yield Static(piece_content(piece, query), classes=classes, id=f"piece-{n}")
            yield Input(self.find, placeholder='words, "a phrase", prefix*', id="guide-find",
                        compact=True)
            yield Static("", id="guide-hint")

    def _target(self) -> int | None:
        """The index of the piece to open at: the question's item, or the paragraph's first block."""
        if self.at is None:
            return None
        if isinstance(self.at, tuple):  # (paragraph, kind of piece, label): a place found
            number, kind, label = self.at
            return next((n for n, p in enumerate(self.pieces) if p.paragraph == number
                         and p.kind == kind and (p.label == label or kind == "paragraph")), None)
        if isinstance(self.at, int):
            number, letter = self.at, None
        else:
            catalogue = load_catalogue()
            item = catalogue.question(self.at) or catalogue.objective(self.at)
            if item is None:
                return None
            number, letter = item.paragraph, item.letter
        kind, label = ("item", letter) if letter else ("paragraph", str(number))
        return next((n for n, p in enumerate(self.pieces)
                     if p.paragraph == number and p.kind == kind and p.label == label), None)

    def on_mount(self) -> None:
        guide = self.query_one("#guide")
        guide.border_title = f"Guide · {self.topic.label if self.topic else 'Introduction'}"
        guide.border_subtitle = load_catalogue().guide.symbol
        self._place()
        self.set_focus(self.query_one("#guide-text"))
        if self.find:
            guide.add_class("-finding")
            self._show_matches(self.find, redraw=False)
        else:
            self._hint()
        text = self.query_one("#guide-text", VerticalScroll)
        self.watch(text, "scroll_y", self._scrolled, init=False)
        target = self._target()
        self._show_place(target or 0)
        if target is not None and self.matches:  # n goes on from the place opened at
            self.match = next((m for m, (n, _) in enumerate(self.matches) if n >= target),
                              len(self.matches)) - 1
        if target is not None:
            self.call_after_refresh(self._scroll_to, target)

    def _scrolled(self, y: float) -> None:
        """The place line follows the paragraph at the top of the text (or the one gone to, in sight)."""
        text = self.query_one("#guide-text", VerticalScroll)
        if self._pinned is not None:
            region = self.query_one(f"#piece-{self._pinned}").virtual_region
            if region.y < y + text.scrollable_content_region.height and region.bottom > y:
                self._show_place(self._pinned)
                return
            self._pinned = None
        top = y + 3  # the line _scroll_to brings a piece to
        for n in range(len(self.pieces)):
            region = self.query_one(f"#piece-{n}").virtual_region
            if region.y + region.height + 1 > top:  # its margin below counts as its own
                self._show_place(n)
                return

    def on_resize(self) -> None:
        self._place()

    def _place(self) -> None:
        """Over the widget it was opened on (the workspace's programme), as large as it is."""
        if self.over is None:
            return
        region = self.over.region
        # Not dimmed, not centred: the rest of the workspace stays as it is, the note in sight.
        self.styles.background = "transparent"
        self.styles.align = ("left", "top")
        guide = self.query_one("#guide")
        guide.styles.offset = (region.x, region.y)
        guide.styles.width = region.width
        guide.styles.height = region.height

    def _scroll_to(self, index: int, at: int = 0) -> None:
        """Bring a piece (the line of it holding character `at`) near the top, a few lines above kept."""
        widget = self.query_one(f"#piece-{index}", Static)
        line = line_of(piece_content(self.pieces[index]), at, widget.content_region.width) if at else 0
        text = self.query_one("#guide-text", VerticalScroll)
        self._pinned = index
        self._show_place(index)
        text.scroll_to(y=max(0, widget.virtual_region.y + line - 3), animate=False, immediate=True)

    def _show_place(self, index: int) -> None:
        """Where the reader is, as a report would cite it: "Question (b) · para. 109"."""
        piece = self.pieces[index]
        if not piece.paragraph:
            numbers = [p.paragraph for p in self.pieces if p.paragraph]
            place = f"paras. {numbers[0]} to {numbers[-1]}"
        else:
            place = f"para. {piece.paragraph}"
        if piece.kind == "item" and self.topic and piece.paragraph == self.topic.questions_paragraph:
            question = self.topic.question(f"{self.topic.key}.Q.{piece.label}")
            place = f"{question.label} · {place}" if question else place
        elif piece.kind == "item":
            place += f" ({piece.label})" if piece.label.isalpha() else f", item {piece.label}"
        self.query_one("#guide-place", Static).update(Content(place))

    def _hint(self, text: str = "") -> None:
        self.query_one("#guide-hint", Static).update(
            Content(text or "↑↓ PgUp PgDn read · / find · Esc close"))

    # --- finding words ---------------------------------------------------------------------

    @on(Input.Changed, "#guide-find")
    def _find_changed(self, event: Input.Changed) -> None:
        self._show_matches(event.value)

    @on(Input.Submitted, "#guide-find")
    def _find_submitted(self) -> None:
        self.query_one("#guide-text").focus()
        self.action_step(1)

    def _show_matches(self, typed: str, *, redraw: bool = True) -> None:
        query = parse_query(typed)
        self.matches = self._places(typed)
        found = {n for n, _ in self.matches}
        for n, piece in enumerate(self.pieces):
            if redraw or n in found:
                self.query_one(f"#piece-{n}", Static).update(piece_content(piece, query, n in found))
        self.match = -1
        if query.empty:
            self._hint("Type words to find; Enter goes to the next place, Esc back to the text")
        elif not self.matches:
            self._hint("Not in this part of the guide")
        else:
            count = len(self.matches)
            self._hint(f"Found in {count} place{'s' if count != 1 else ''} · Enter, n, N go through them")

    def _places(self, typed: str) -> list[tuple[int, int]]:
        """The pieces where the guide's search finds the words, with the offset of the first word marked."""
        query = parse_query(typed)
        hits = search_guide(typed, self.topic.key if self.topic else None, limit=10_000)
        blocks: dict[int, list[int]] = {}  # a paragraph's own text is one place: its blocks
        single: dict[tuple[int, str, str], int] = {}  # an item or a footnote
        for n, piece in enumerate(self.pieces):
            if piece.kind in ("paragraph", "quote"):
                blocks.setdefault(piece.paragraph, []).append(n)
            elif piece.kind in ("item", "footnote"):
                single[(piece.paragraph, piece.kind, piece.label)] = n
        places: list[tuple[int, int]] = []
        for hit in hits:
            if hit.footnote is not None:
                candidates = [single.get((hit.paragraph, "footnote", str(hit.footnote)))]
            elif hit.item:
                candidates = [single.get((hit.paragraph, "item", hit.item))]
            else:
                candidates = blocks.get(hit.paragraph, [])
            candidates = [c for c in candidates if c is not None]
            marked = [(c, found) for c in candidates
                      if (found := spans(searchable(self.pieces[c].text), query))]
            if marked or candidates:
                n, found = marked[0] if marked else (candidates[0], ())
                places.append((n, found[0][0] + len(lead(self.pieces[n])) if found else 0))
        return sorted(places)

    def action_step(self, offset: int) -> None:
        """Go to the next (or previous) place where the words were found."""
        if not self.matches:
            return
        self.match = (self.match + offset) % len(self.matches)
        index, at = self.matches[self.match]
        self._scroll_to(index, at)
        self._hint(f"{self.match + 1} of {len(self.matches)} · n next, N previous · / find")

    def action_find(self) -> None:
        """Show the find field and go to it, its words selected: typing starts a new search."""
        self.query_one("#guide").add_class("-finding")
        find = self.query_one("#guide-find", Input)
        self.set_focus(find)  # at once: the words typed next go to it
        find.select_all()

    def action_close(self) -> None:
        """Leave the find field for the text; from the text, close the guide."""
        find = self.query_one("#guide-find", Input)
        if find.has_focus:
            self.query_one("#guide-text").focus()
            return
        self.dismiss(None)
