"""What the user typed, read safely for FTS5, and where it matched in the text shown.

What a user types is never handed to FTS5 as it is. `parse_query` reads it as words, "phrases in
quotes", `word*` prefixes and `OR`, drops every other piece of FTS5 syntax (column filters, NEAR,
parentheses, `^`, `+`, stray quotes) and `Query.fts` writes a match expression in which every term is
quoted, so no input can reach the user as an FTS5 syntax error. The words that matched are returned
as character offsets into plain text, for the app to style; no markup is ever built here.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

MAX_QUERY_CHARS = 1000  # a pasted page is cut here; nobody searches for more
MAX_TERMS = 32  # words and phrases in one query
MAX_PHRASE_TOKENS = 64
EXCERPT_WIDTH = 160

# A word as FTS5's unicode61 tokenizer sees it: letters and digits, with combining marks kept
# inside the word (remove_diacritics folds them away).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# (Underscores, which \w takes for letters, are turned into spaces before the pattern is applied.)
_WORD = re.compile(rf"\w[\w{_MARKS}]*")
# A piece of a query: a quoted phrase (maybe unclosed, maybe with a trailing *) or a run of other
# characters up to the next space or quote.
_PIECE = re.compile(r'"([^"]*)("?)(\*?)|[^\s"]+')
_COLUMN_FILTER = re.compile(r"^[^\W\d_]+:(?=.)")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NEAR_DISTANCE = re.compile(r",\s*\d*\s*\)")


# --- the query -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word or phrase to find; `prefix` when its last word may continue (`migra*`)."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def fts(self) -> str:
        """The term as a quoted FTS5 phrase, safe whatever its words contain."""
        phrase = " ".join(self.words).replace('"', '""')
        return f'"{phrase}"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Query:
    """A search as the user meant it: alternatives (joined by OR), each a set of terms (all needed)."""

    alternatives: tuple[tuple[Term, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not any(self.alternatives)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term of every alternative, for highlighting."""
        return tuple(t for group in self.alternatives for t in group)

    @property
    def fts(self) -> str:
        """The FTS5 MATCH expression, or "" when there is nothing to look for."""
        groups = [" AND ".join(t.fts for t in group) for group in self.alternatives if group]
        if len(groups) == 1:
            return groups[0]
        return " OR ".join(f"({g})" for g in groups)


def words(text: str) -> list[str]:
    """The words of a text, as the full-text index splits it."""
    return _WORD.findall(text.replace("_", " "))


def parse_query(text: str) -> Query:
    """Read what a user typed into a query; anything that is not a word, phrase, `*` or OR is dropped."""
    alternatives: list[list[Term]] = [[]]
    count = 0
    text = _CONTROL.sub(" ", text[:MAX_QUERY_CHARS])
    if "NEAR(" in text:  # NEAR(a b, 5): the words count, the distance is not a word to find
        text = _NEAR_DISTANCE.sub(")", text)
    for match in _PIECE.finditer(text):
        if count >= MAX_TERMS:
            break
        piece = match.group(0)
        if match.group(1) is not None:  # "a phrase" (closed or not), maybe followed by *
            found = words(match.group(1))
            prefix = bool(match.group(3)) and bool(found)
        else:
            if piece == "OR":
                if alternatives[-1]:
                    alternatives.append([])
                continue
            if piece in _OPERATORS:
                continue
            if piece.startswith("NEAR("):
                piece = piece[5:]
            piece = _COLUMN_FILTER.sub("", piece)
            found = words(piece)
            # The * must end the word it follows: `migra*` or `migra*)`, not `*migra`.
            prefix = bool(found) and bool(re.search(r"[^\W_]\*+[^\w]*$", piece))
        if not found:
            continue
        # A phrase cut to MAX_PHRASE_TOKENS loses its last word, so it cannot keep the prefix.
        prefix = prefix and len(found) <= MAX_PHRASE_TOKENS
        alternatives[-1].append(Term(tuple(found[:MAX_PHRASE_TOKENS]), prefix))
        count += 1
    return Query(tuple(tuple(group) for group in alternatives if group))


# --- highlighting --------------------------------------------------------------------------------


Span = tuple[int, int]


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as the index compares it: lower case, diacritics removed."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# The index keeps words by their Porter stem (schema step 7); highlighting compares stems the
# same way, asked of SQLite's own tokenizer so that what is marked is exactly what matched.
_STEMMER: sqlite3.Connection | None = None
_STEMMER_LOCK = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A folded word as the full-text index keeps it: "witnesses" and "witness" give "wit­ness"."""
    global _STEMMER
    with _STEMMER_LOCK:  # one connection for every thread, used by one at a time
        if _STEMMER is None:
            from workshop.store.schema import FTS_TOKENIZE

            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, tokenize='{FTS_TOKENIZE}')")
            conn.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'row')")
            _STEMMER = conn
        _STEMMER.execute("DELETE FROM words")
        _STEMMER.execute("INSERT INTO words (word) VALUES (?)", [word])
        found = _STEMMER.execute("SELECT term FROM terms LIMIT 2").fetchall()
    return found[0][0] if len(found) == 1 else word


def _root(word: str) -> str:
    """What every word with the same stem as `word` begins with.

    Porter's steps only change the end of a word, and add at most a few letters there ("-ate",
    "-ble", "-e"), so a word whose stem is S begins with S less its last three letters.
    """
    root = stem(word)
    return root[: max(1, len(root) - 3)] if len(root) > 1 else root


# A word of lower-cased ASCII text: for ASCII, folding is lower-casing and the underscore splits.
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_NOTHING = re.compile(r"(?!)")

Phrases = dict[str, list[tuple[tuple[str, ...], bool]]]
Matcher = tuple[tuple[str, ...], Phrases, re.Pattern[str] | None]


@lru_cache(maxsize=256)
def matcher_for(query: Query) -> Matcher:
    """A query's terms folded once: single-word prefixes, the other terms by their first word, and
    a pattern finding in lower-cased ASCII text where the words that can start a match may begin
    (None when a term folds to nothing, which only the word-by-word reading handles)."""
    exact: Phrases = {}  # first word's stem -> the terms starting with it (stems; a prefix kept folded)
    prefixed: list[str] = []
    roots: list[str] = []
    for term in query.terms:
        folded = tuple(fold(w) for w in term.words)
        if term.prefix and len(folded) == 1:
            prefixed.append(folded[0])
            continue
        stems = tuple(stem(w) for w in folded[:-1]) + (folded[-1] if term.prefix else stem(folded[-1]),)
        exact.setdefault(stems[0], []).append((stems, term.prefix))
        roots.append(_root(folded[0]) if folded[0] else "")
    firsts = [*prefixed, *roots]
    if not all(firsts):
        return tuple(prefixed), exact, None
    # A word can only match an ASCII word if it is ASCII itself (then letters and digits only).
    # The words are looked for as they are, which the regular expression engine does fastest;
    # `_ascii_spans` keeps the places where a word of the text begins.
    starts = sorted({w for w in firsts if w.isascii()}, key=lambda w: (-len(w), w))
    if not starts:
        return tuple(prefixed), exact, _NOTHING
    return tuple(prefixed), exact, re.compile("|".join(map(re.escape, starts)))


def match_spans(text: str, query: Query) -> tuple[Span, ...]:
    """Where the query's terms occur in a text, as sorted, non-overlapping (start, end) offsets."""
    if not text or query.empty:
        return ()
    return spans_with(text, matcher_for(query))


def spans_with(text: str, matcher: Matcher) -> tuple[Span, ...]:
    """`match_spans` with the query's terms already folded (a non-empty query)."""
    if not text:
        return ()
    prefixed, exact, candidates = matcher
    if candidates is not None and text.isascii():
        return _ascii_spans(text.lower(), prefixed, exact, candidates)
    tokens = [(m.start(), m.end(), fold(m.group(0))) for m in _WORD.finditer(text.replace("_", " "))]
    count = len(tokens)
    spans: list[Span] = []
    for i, (start, end, word) in enumerate(tokens):
        if any(word.startswith(p) for p in prefixed):
            spans.append((start, end))
        for stems, prefix in exact.get(stem(word), ()):
            n = len(stems)
            if i + n > count:
                continue
            if n == 1:
                if not prefix or word.startswith(stems[0]):
                    spans.append((start, end))
                continue
            last = tokens[i + n - 1][2]
            if (last.startswith(stems[-1]) if prefix else stem(last) == stems[-1]) and all(
                stem(tokens[i + k][2]) == stems[k] for k in range(1, n - 1)
            ):
                spans.append((start, tokens[i + n - 1][1]))
    return merge_spans(spans)


def _ascii_spans(
    lowered: str, prefixed: tuple[str, ...], exact: Phrases, candidates: re.Pattern[str]
) -> tuple[Span, ...]:
    """`match_spans` for lower-cased ASCII text: the same test, on the words that can match only.

    In ASCII text a word as the index sees it is a run of letters and digits, and folding it is
    lower-casing, which keeps every offset.
    """
    spans: list[Span] = []
    for found in candidates.finditer(lowered):
        start = found.start()
        if start and lowered[start - 1].isalnum():
            continue  # inside a word (what it matched is letters and digits: no word begins in it)
        m = _ASCII_WORD.match(lowered, start)
        if m is None:
            continue
        end = m.end()
        word = m.group()
        if any(word.startswith(p) for p in prefixed):
            spans.append((start, end))
        for stems, prefix in exact.get(stem(word), ()):
            n = len(stems)
            if n == 1:
                if not prefix or word.startswith(stems[0]):
                    spans.append((start, end))
                continue
            following = list(islice(_ASCII_WORD.finditer(lowered, end), n - 1))
            if len(following) < n - 1:
                continue
            last = following[-1].group()
            if (last.startswith(stems[-1]) if prefix else stem(last) == stems[-1]) and all(
                stem(following[k - 1].group()) == stems[k] for k in range(1, n - 1)
            ):
                spans.append((start, following[-1].end()))
    return merge_spans(spans)


def merge_spans(spans: list[Span]) -> tuple[Span, ...]:
    """Spans sorted, with overlapping or touching ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


@dataclass(frozen=True)
class Highlighted:
    """Plain text with the character ranges that matched the query."""

    text: str = ""
    spans: tuple[Span, ...] = ()

    def pieces(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, matched) pairs, for building styled text."""
        out: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.spans:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


def highlight(text: str, query: Query) -> Highlighted:
    """The whole text with its matches marked."""
    return Highlighted(text, match_spans(text, query))


def excerpt(text: str, query: Query, width: int = EXCERPT_WIDTH) -> Highlighted:
    """About `width` characters of a text on one line, around its first match, matches marked."""
    return excerpt_with(text, None if query.empty else matcher_for(query), width)


def excerpt_with(text: str, matcher: Matcher | None, width: int = EXCERPT_WIDTH) -> Highlighted:
    """`excerpt` with the query's terms already folded (None: nothing to mark)."""
    flat = text.replace("\n", " ").replace("\t", " ")  # same length: offsets stay true
    spans = spans_with(flat, matcher) if matcher else ()
    if len(flat) <= width:
        return Highlighted(flat, spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(flat) - width))
    if start > 0:  # begin on a word
        space = flat.find(" ", start, first if spans else start + width // 2)
        start = space + 1 if space != -1 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start + width // 2, end)
        end = space if space != -1 else end
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(flat) else ""
    shift = len(lead) - start
    kept = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end
    )
    return Highlighted(lead + flat[start:end] + tail, kept)
