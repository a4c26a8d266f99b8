"""The guide to read and to search: its paragraphs in reading order, and the places words occur.

Words are looked for as the notebook's search looks for them: the query read by
`workshop.store.query` (words, "phrases", `prefix*`, OR) and matched by SQLite's full-text index
with the notebook's own tokenizer, so "witness" finds "witnesses" here too. Each paragraph's own
text, each lettered item and each footnote is one place; footnote marks are left out of what is
searched, so a phrase matches across them.
"""

from __future__ import annotations

import sqlite3
import textwrap
import threading
from collections.abc import Iterable, Iterator
from functools import cache
from typing import NamedTuple

from workshop.catalogue import Guide, Paragraph, Topic, load_catalogue, without_marks
from workshop.store.query import Highlighted, Query, Span, Term, excerpt, match_spans, parse_query
from workshop.store.schema import FTS_TOKENIZE

GUIDE_LIMIT = 50


class Piece(NamedTuple):
    """One thing to show, in the guide's order.

    `kind` is "title", "section", "heading", "group" (a heading inside a list), "paragraph",
    "quote", "item" (a lettered or numbered subparagraph) or "footnote"; `label` is the paragraph
    number, the item's letter or the footnote's number, as text ("" for headings).
    """

    kind: str
    label: str
    text: str
    paragraph: int  # the paragraph it belongs to (0 for a title)


def pieces(paragraphs: Iterable[Paragraph], title: str = "") -> Iterator[Piece]:
    """The paragraphs as the guide shows them, with their section and headings where they change."""
    if title:
        yield Piece("title", "", title, 0)
    section: str | None = None
    headings: tuple[str, ...] = ()
    for p in paragraphs:
        if p.section != section:
            section, headings = p.section, ()
            yield Piece("section", "", p.section, p.number)
        for n, heading in enumerate(p.headings):
            if headings[:n + 1] != p.headings[:n + 1]:
                yield Piece("heading", "", heading, p.number)
        headings = p.headings
        for n, (block, quoted) in enumerate(p.blocks):
            yield Piece("quote" if quoted else "paragraph", str(p.number) if n == 0 else "", block,
                        p.number)
        group = None
        for sub in p.subparagraphs:
            if sub.group and sub.group != group:
                group = sub.group
                yield Piece("group", "", group, p.number)
            yield Piece("item", sub.label, sub.text, p.number)
        for note in p.footnotes:
            yield Piece("footnote", str(note.number), note.text, p.number)


def topic_title(topic: Topic) -> str:
    """The topic's heading as the guide writes it: "Workshop 3. Strengthening ..."."""
    return f"{topic.label}. {topic.title}"


def topic_pieces(topic: Topic) -> Iterator[Piece]:
    """A topic's part of the guide, from its title to its list of questions or issues."""
    return pieces(topic.paragraphs, topic_title(topic))


def introduction_pieces(guide: Guide) -> Iterator[Piece]:
    """Part I of the guide: its introduction, with the main theme and the agenda."""
    return pieces(guide.introduction, "I. Introduction")


# --- plain text for the command line -------------------------------------------------------------


def plain_lines(shown: Iterable[Piece], width: int = 80) -> Iterator[str]:
    """The pieces as plain text wrapped to `width`, a blank line between them."""
    width = max(width, 40)
    first = True
    for piece in shown:
        if not first:
            yield ""
        first = False
        if piece.kind in ("title", "section", "heading", "group"):
            yield from textwrap.wrap(piece.text, width)
            if piece.kind in ("title", "section"):
                yield "-" * min(width, len(piece.text))
        elif piece.kind == "paragraph":
            lead = f"{piece.label}. " if piece.label else ""
            yield from textwrap.wrap(lead + piece.text, width)
        elif piece.kind == "quote":
            yield from textwrap.wrap(piece.text, width, initial_indent="    ", subsequent_indent="    ")
        elif piece.kind == "item":
            lead = f"({piece.label}) " if piece.label.isalpha() else f"{piece.label}. "
            yield from textwrap.wrap(lead + piece.text, width, initial_indent="    ",
                                     subsequent_indent="    ")
        else:  # a footnote: its blocks, indented below the paragraph
            for n, block in enumerate(piece.text.split("\n\n")):
                lead = f"[{piece.label}] " if n == 0 else ""
                yield from textwrap.wrap(lead + block, width, initial_indent="      ",
                                         subsequent_indent="      ")


# --- search --------------------------------------------------------------------------------------


class GuideHit(NamedTuple):
    """A place in the guide where the words were found."""

    paragraph: int
    item: str  # the subparagraph's letter (or agenda number); "" for the paragraph's own text
    footnote: int | None  # the footnote's number when the words are in a footnote
    topic: str | None  # None for the introduction
    section: str
    excerpt: Highlighted

    @property
    def place(self) -> str:
        """Where it is, as a report cites it: "para. 109 (b)", "para. 15, footnote 2"."""
        where = f"para. {self.paragraph}"
        if self.item:
            where += f" ({self.item})" if self.item.isalpha() else f", item {self.item}"
        if self.footnote is not None:
            where += f", footnote {self.footnote}"
        return where

    def as_json(self) -> dict:
        """The hit as plain JSON values, marked as coming from the guide."""
        return {
            "source": "guide", "paragraph": self.paragraph, "item": self.item,
            "footnote": self.footnote, "topic": self.topic, "section": self.section,
            "place": self.place, "excerpt": self.excerpt.text,
            "highlights": [list(s) for s in self.excerpt.spans],
        }


def _units(paragraph: Paragraph) -> Iterator[tuple[str, int | None, str]]:
    yield "", None, paragraph.text
    for sub in paragraph.subparagraphs:
        yield sub.label, None, sub.text
    for note in paragraph.footnotes:
        yield "", note.number, note.text


def loosened(query: Query) -> Query:
    """The query with each term's last word cut to a prefix of its stem, to mark what the index
    found by the word's stem ("treaty" marks "treaties", "witness" "witnesses")."""
    def cut(word: str) -> str:
        return word[:max(4, len(word) - 2)]

    return Query(tuple(tuple(Term((*t.words[:-1], cut(t.words[-1])), prefix=True) for t in group)
                       for group in query.alternatives))


def spans(text: str, query: Query, *, found: bool = True) -> tuple[Span, ...]:
    """Where to mark the query's words in a text: as typed, or else (in a text the index found)
    by their stems."""
    exact = match_spans(text, query)
    return exact or (match_spans(text, loosened(query)) if found else ())


def marked_excerpt(text: str, query: Query) -> Highlighted:
    """An excerpt around the first word found, marked as typed or else by the words' stems."""
    shown = excerpt(text, query)
    return shown if shown.spans or not spans(text, query) else excerpt(text, loosened(query))


class _Place(NamedTuple):
    paragraph: Paragraph
    item: str
    footnote: int | None
    text: str  # footnote marks out


_INDEX_LOCK = threading.Lock()  # one connection, shared by the threads that search


@cache
def _index() -> tuple[sqlite3.Connection, tuple[_Place, ...]]:
    """The guide's places in an in-memory full-text index, made the first time words are looked for."""
    places = tuple(_Place(p, item, footnote, without_marks(text))
                   for p in load_catalogue().guide.paragraphs for item, footnote, text in _units(p))
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(f"CREATE VIRTUAL TABLE place USING fts5(text, topic UNINDEXED, tokenize='{FTS_TOKENIZE}')")
    db.executemany("INSERT INTO place (rowid, text, topic) VALUES (?, ?, ?)",
                   [(n, place.text, place.paragraph.topic or "") for n, place in enumerate(places)])
    return db, places


def search_guide(text: str, topic: str | None = "", limit: int = GUIDE_LIMIT) -> list[GuideHit]:
    """The places in the guide where the typed words occur, in the guide's order.

    `topic`: "" the whole guide, a key (W3) that topic's part, None the introduction.
    """
    query = parse_query(text)
    if query.empty:
        return []
    db, places = _index()
    sql = "SELECT rowid FROM place WHERE place MATCH ?"
    args: list[object] = [query.fts]
    if topic != "":
        sql += " AND topic = ?"
        args.append((topic or "").strip().upper())
    with _INDEX_LOCK:
        rows = db.execute(f"{sql} ORDER BY rowid LIMIT ?", [*args, limit]).fetchall()
    hits = []
    for (n,) in rows:
        place = places[n]
        p = place.paragraph
        hits.append(GuideHit(p.number, place.item, place.footnote, p.topic, p.section,
                             marked_excerpt(place.text, query)))
    return hits


# --- JSON (`workshop catalogue --json`) ----------------------------------------------------------


def paragraph_json(p: Paragraph) -> dict:
    """A paragraph as plain JSON values."""
    return {
        "number": p.number, "section": p.section, "headings": list(p.headings), "text": p.text,
        "quoted": list(p.quoted),
        "subparagraphs": [s._asdict() for s in p.subparagraphs],
        "footnotes": [{"number": f.number, "text": f.text, "quoted": list(f.quoted)}
                      for f in p.footnotes],
    }


def topic_json(topic: Topic) -> dict:
    """A topic as `workshop catalogue --json` gives it: its items with their paragraphs, and its text."""
    return {
        "key": topic.key, "kind": topic.kind, "number": topic.number, "title": topic.title,
        "short_title": topic.short_title,
        "scope": list(topic.scope_paragraphs),
        "objectives": [o._asdict() for o in topic.objectives],
        "questions_kind": topic.questions_kind,
        "questions_paragraph": topic.questions_paragraph,
        "questions_lead_in": topic.questions_lead_in,
        "questions": [q._asdict() for q in topic.questions],
        "paragraphs": [paragraph_json(p) for p in topic.paragraphs],
    }


def guide_json(guide: Guide) -> dict:
    """The guide's own facts and its introduction, as plain JSON values."""
    return {
        "symbol": guide.symbol, "main_theme": guide.main_theme,
        "agenda": [a._asdict() for a in guide.agenda],
        "introduction": [paragraph_json(p) for p in guide.introduction],
    }
