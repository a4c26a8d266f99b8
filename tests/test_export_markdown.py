"""User text in the summary stays text: escaping helpers and property tests over every user field."""

from __future__ import annotations

from datetime import date as Date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.rules_block.table import escapedSplit

from workshop.catalogue import Topic, load_catalogue
from workshop.export import markdown as md
from workshop.export.summary import (
    CATEGORY_HEADINGS,
    SECTION_HEADINGS,
    render_summary,
)
from workshop.records import (
    EVIDENCE_LEVELS,
    FINDING_KINDS,
    SPEAKER_CATEGORIES,
    Finding,
    Intervention,
    KeyPoint,
    QuestionState,
    Session,
    SessionRecord,
    Speaker,
)
from workshop.store.notebook import from_row, to_row
from workshop.text import clean

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORBIDDEN_TOKENS = {
    "html_block", "html_inline", "link_open", "image", "code_inline", "code_block", "fence",
    "blockquote_open", "hr",
}
MARKER = "zqxw"  # only speaker names and delegations carry it, so a leak is easy to see

# Pieces of Markdown (and of terminal and HTML mischief) that plain text generation rarely hits.
MARKDOWN_BITS = [
    "#", "## ", "###### x", ">", "> ", "- ", "+ ", "* ", "1. ", "2) ", "123456789. ", "---", "===",
    "***", "___", "- - -", "~~~", "```", "`", "``x``", "    ", "\t", "\n", "\n\n", "  \n", "\\",
    "\\\n", "|", "| a | b |", "| --- | --- |", ":--", ":-:", "|-|", "--|--", "<", ">", "<div>",
    "<b>x</b>", "<!-- c -->", "<?php ?>", "<http://example.org>", "<a@b.co>", "http://example.org",
    "[a](http://x)", "![i](x.png)", "[r]: /u", "[r]", "[^1]", "&amp;", "&#60;", "&#x3C;", "&copy;",
    "&", "*em*", "_em_", "**b**", "__b__", "\u00a0", "\r\n", "\r", "\x00", "\x1b[31m", "\u2028",
    "2015.", "(", ")", "!", "=", ":", "Brazil", "é", "中文", " ",
]
soup = st.lists(st.one_of(st.sampled_from(MARKDOWN_BITS), st.text(max_size=4)), max_size=10).map("".join)
user_text = st.one_of(soup, st.text(max_size=30)).filter(lambda t: MARKER not in t.casefold())
CATALOGUE = load_catalogue()


# --- reading the output back ------------------------------------------------------------------


def parse(text: str):
    """The token stream the app's preview would see."""
    return md.summary_parser().parse(text)


def walk(tokens):
    """Every token, children included."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def inline_text(token) -> str:
    """The plain text of one inline token (soft breaks as newlines)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def plain_text(tokens) -> str:
    """The rendered plain text of a whole document."""
    return "\n".join(inline_text(t) for t in tokens if t.type == "inline")


def squeeze(text: str) -> str:
    """Text without any whitespace, for comparisons "up to whitespace"."""
    return "".join(clean(text).split())


def folded(text: str) -> str:
    """Text as it stands on one line of the output."""
    return " ".join(clean(text).split())


def headings(tokens) -> list[str]:
    """The text of every heading, in order."""
    return [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]


def assert_inert(text: str) -> list:
    """The summary parses, with none of the constructs user text could smuggle in."""
    tokens = parse(text)
    found = {t.type for t in walk(tokens)} & FORBIDDEN_TOKENS
    assert not found, found
    return tokens


def assert_tables_square(text: str, tokens) -> None:
    """Every table row has as many cells as its header, in the source and once parsed."""
    columns = None
    for token in tokens:
        if token.type == "thead_open":
            columns = None
        if token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            columns = cells if columns is None else columns
            assert cells == columns
    for line in text.splitlines():
        if line.startswith("| "):
            # markdown-it pads short rows and drops extra cells: count in the source as it splits it.
            assert len(escapedSplit(line.strip())) == 6, line


# --- escaping helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "# Not a heading", "> not a quote", "- not a list", "+ not a list", "* not a list", "1. not a list",
    "2) not a list", "---", "===", "***", "___", "~~~", "```", "    not code", "\tnot code", "<div>x</div>",
    "<http://example.org>", "[link](http://example.org)", "![image](x.png)", "&amp; &#60;", "*not em*",
    "_not em_", "`not code`", "a | b", ":-:", "trailing backslash \\", "[ref]: http://example.org",
])
def test_line_keeps_markdown_as_text(text: str) -> None:
    tokens = assert_inert(md.line(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert inline_text(tokens[1]) == folded(text)


def test_escaping_leaves_ordinary_prose_alone() -> None:
    prose = "Bosnia & Herzegovina, Côte d'Ivoire (2015): 24/7 networks; cost: $1.5 million - or 3 + 4 = 7!"
    assert md.inline(prose) == prose


def test_multi_line_text_keeps_paragraphs_and_neutralizes_each_line() -> None:
    text = "First paragraph,\n# second line\n\n\n    1. indented\n---"
    assert md.paragraphs(text) == [["First paragraph,", "\\# second line"], ["1\\. indented", "\\---"]]


def test_table_cells_fold_newlines_and_escape_pipes() -> None:
    text = md.table(("A", "B"), ("---", "---"), [("x | y\nz", "\\")])
    tokens = assert_inert(text)
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "td_open"]
    assert cells == ["x | y z", "\\"]


def test_summary_parser_is_commonmark_with_tables_and_no_html() -> None:
    parser = md.summary_parser()
    assert parser.options["html"] is False
    assert "table" in parser.get_active_rules()["block"]
    assert "linkify" not in parser.get_active_rules()["core"]


@PROPERTY
@given(user_text)
def test_any_line_is_one_paragraph_of_the_same_text(text: str) -> None:
    tokens = assert_inert(md.line(text))
    if folded(text):
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
        assert inline_text(tokens[1]) == folded(text)
    else:
        assert tokens == []


@PROPERTY
@given(user_text)
def test_any_block_is_its_paragraphs(text: str) -> None:
    tokens = assert_inert(md.block(text))
    expected = ["\n".join(" ".join(line.split()) for line in lines) for lines in raw_paragraphs(text)]
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"] * len(expected)
    assert [inline_text(t) for t in tokens if t.type == "inline"] == expected


def escaped_as_written(text: str) -> str:
    """The inline escaping rule itself, with no shortcut: every match of the pattern escaped."""
    return md._INLINE.sub(lambda match: "\\" + match.group(), text)


def paragraphs_as_written(text: str) -> list[list[str]]:
    """md.paragraphs by its rule, with no shortcut: each line cleaned, folded, escaped."""
    found, current = [], []
    for raw in clean(text).split("\n"):
        stripped = " ".join(raw.split())
        if stripped:
            current.append(md.opening(escaped_as_written(stripped)))
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


@PROPERTY
@given(st.one_of(user_text, st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")))))
def test_the_quick_paths_escape_as_the_rules_do(text: str) -> None:
    # Printable text and text with nothing to escape skip work: they must come out the same.
    assert md.paragraphs(text) == paragraphs_as_written(text)
    assert md.inline(text) == escaped_as_written(" ".join(clean(text).split()))


def raw_paragraphs(text: str) -> list[list[str]]:
    """Paragraphs as the user meant them: runs of non-blank lines."""
    found, current = [], []
    for line in clean(text).split("\n"):
        if line.split():
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


@PROPERTY
@given(st.lists(st.tuples(user_text, user_text, user_text), min_size=1, max_size=4))
def test_any_table_keeps_its_shape_and_cells(rows: list[tuple[str, str, str]]) -> None:
    text = md.table(("A", "B", "C"), ("---", "---", "---:"), rows)
    tokens = assert_inert(text)
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "td_open"]
    assert cells == [folded(cell) for row in rows for cell in row]
    assert sum(t.type == "tr_open" for t in tokens) == len(rows) + 1


@PROPERTY
@given(user_text, user_text)
def test_any_list_item_is_one_item_with_its_text(lead: str, text: str) -> None:
    if not (folded(lead) or folded(text)):
        return
    tokens = assert_inert(md.list_item("12.", md.strong(lead), text))
    assert sum(t.type == "list_item_open" for t in tokens) == 1
    assert squeeze(plain_text(tokens)) == squeeze(lead) + squeeze(text)
    assert sum(t.type == "strong_open" for t in walk(tokens)) == (1 if folded(lead) else 0)


# --- the whole summary over arbitrary records ----------------------------------------------------


def stored(record):
    """A record as it comes back from the notebook (one-line fields folded, text cleaned)."""
    return from_row(type(record), to_row(record))


@st.composite
def summaries(draw, *, topic_key: str | None = None):
    """A topic and one or two sessions of records with arbitrary user text in every field."""
    topic = CATALOGUE.topic(topic_key) if topic_key else draw(st.sampled_from(CATALOGUE.topics))
    refs = [q.ref for q in topic.questions] + ["", "W9.Q.z"]
    speakers = [
        stored(Speaker(
            id=f"speaker-{n}", name=f"Zqxw{n} " + draw(st.text(max_size=12)),
            delegation=draw(st.one_of(st.just(""), st.text(max_size=8).map(f"Zqxw delegation {n} ".__add__))),
            category=draw(st.sampled_from(SPEAKER_CATEGORIES + ("not a category",))),
        ))
        for n in range(draw(st.integers(1, 3)))
    ]
    records = []
    for s in range(draw(st.integers(1, 2))):
        session = stored(Session(
            id=f"session-{s}", topic=topic.key, meeting=draw(user_text),
            date=draw(st.one_of(user_text, st.dates().map(str))), venue=draw(user_text), chair=draw(user_text),
            rapporteur=draw(user_text), panellists=draw(user_text), status=draw(st.sampled_from(["open", "final"])),
        ))
        interventions = [
            stored(Intervention(
                id=f"i-{s}-{n}", session_id=session.id, speaker_id=draw(st.sampled_from(speakers)).id,
                seconds=draw(st.integers(0, 4000)), text=draw(user_text),
            ))
            for n in range(draw(st.integers(0, 5)))
        ]
        ids = [i.id for i in interventions] + ["missing-intervention"]
        findings = [
            stored(Finding(
                id=f"f-{s}-{n}", session_id=session.id, kind=draw(st.sampled_from(FINDING_KINDS)),
                title=draw(user_text), text=draw(user_text), jurisdiction=draw(user_text),
                evidence=draw(st.one_of(st.sampled_from(EVIDENCE_LEVELS), user_text)),
                question_ref=draw(st.sampled_from(refs)), position=float(n),
            ))
            for n in range(draw(st.integers(0, 5)))
        ]
        key_points = [
            stored(KeyPoint(
                id=f"k-{s}-{n}", session_id=session.id, question_ref=draw(st.sampled_from(refs)),
                predicate=draw(user_text), intervention_ids=tuple(draw(st.lists(st.sampled_from(ids), max_size=5))),
                position=float(n),
            ))
            for n in range(draw(st.integers(0, 4)))
        ]
        states = [
            stored(QuestionState(id=f"q-{s}-{ref}", session_id=session.id, ref=ref, synthesis=draw(user_text)))
            for ref in draw(st.lists(st.sampled_from(refs), unique=True, max_size=3))
        ]
        used = {i.speaker_id for i in interventions}
        records.append(SessionRecord(
            session=session, speakers={sp.id: sp for sp in speakers if sp.id in used},
            interventions=tuple(interventions), findings=tuple(findings), key_points=tuple(key_points),
            question_states=tuple(states),
        ))
    return topic, records


def expected_headings(topic: Topic, records: list[SessionRecord]) -> list[str]:
    """The exporter's own headings for these records, worked out independently of summary.py."""
    discussed = {p.question_ref for r in records for p in r.key_points if folded(p.predicate)}
    discussed |= {q.ref for r in records for q in r.question_states if folded(q.synthesis)}
    known = [q.ref for q in topic.questions]
    found = [f"{topic.label}. {topic.title}", "Proceedings", "Summary of deliberations"]
    if discussed - set(known):
        found.append("General discussion")
    group = None
    for question in topic.questions:
        if question.ref in discussed:
            if question.group and question.group != group:
                group = question.group
                found.append(group)
            found.append(question.label)
    found += ["Good practices", "Challenges and gaps", "Conclusions and recommendations", "Conclusions",
              "Recommendations", "Annex. List of speakers"]
    spoke = {i.speaker_id for r in records for i in r.interventions}
    speakers = {sid: sp for r in records for sid, sp in r.speakers.items()}
    categories = {speakers[sid].category if speakers[sid].category in SPEAKER_CATEGORIES else "other" for sid in spoke}
    found += [CATEGORY_HEADINGS[c] for c in SPEAKER_CATEGORIES if c in categories]
    return found


def user_fields(records: list[SessionRecord]) -> list[str]:
    """Every piece of user text the summary must carry, whatever its mode."""
    fields = []
    for r in records:
        s = r.session
        fields += [s.meeting, s.venue, s.chair, s.rapporteur]
        fields += s.panellists.split("\n")  # one panellist a line, listed with semicolons
        fields += [] if is_iso_date(s.date) else [s.date]  # a date is written out: "15 April 2015"
        for f in r.findings:
            if folded(f.title) or folded(f.text):
                fields += [f.title, f.text]
                if f.kind == "good practice":
                    fields += [f.jurisdiction, f.evidence]
        fields += [p.predicate for p in r.key_points]
        fields += [q.synthesis for q in r.question_states]
        spoke = {i.speaker_id for i in r.interventions}
        fields += [f for sid in spoke for f in (r.speakers[sid].name, r.speakers[sid].delegation)]
    return [f for f in fields if squeeze(f)]


def is_iso_date(text: str) -> bool:
    """True when the exporter writes this date out in words."""
    try:
        Date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def check_summary(topic: Topic, records: list[SessionRecord], text: str) -> list:
    """Everything that must hold of any summary, attributed or not."""
    tokens = assert_inert(text)
    assert headings(tokens) == expected_headings(topic, records)
    assert_tables_square(text, tokens)
    rendered = squeeze(plain_text(tokens))
    for field in user_fields(records):
        assert squeeze(field) in rendered, field
    findings = [f for r in records for f in r.findings if folded(f.title) or folded(f.text)]
    strong = sum(t.type == "strong_open" for t in walk(tokens))
    assert strong == sum(1 for f in findings if folded(f.title))
    assert sum(t.type == "list_item_open" and t.markup == "." for t in tokens) == len(findings)
    return tokens


def before_annex(text: str) -> str:
    """The summary up to its annex (the only place that names speakers by default)."""
    annex = f"\n## {SECTION_HEADINGS[-1]}\n"
    assert text.count(annex) == 1
    return text.split(annex)[0]


@PROPERTY
@given(summaries())
def test_any_summary_is_safe_markdown_that_keeps_the_user_text(case) -> None:
    topic, records = case
    text = render_summary(topic, records)
    check_summary(topic, records, text)
    # Not attributed: no speaker name or delegation before the annex, in the source or rendered.
    before = before_annex(text)
    assert MARKER not in before.casefold()
    assert MARKER not in plain_text(parse(before)).casefold()


@PROPERTY
@given(summaries())
def test_any_attributed_summary_is_safe_and_names_the_linked_delegations(case) -> None:
    topic, records = case
    text = render_summary(topic, records, attributed=True)
    check_summary(topic, records, text)
    linked = {
        i.speaker_id for r in records for p in r.key_points if folded(p.predicate)
        for i in r.interventions if i.id in p.intervention_ids
    }
    assert (MARKER in before_annex(text).casefold()) == bool(linked)


@PROPERTY
@given(summaries(topic_key="W2"), user_text)
def test_workshop_2_groups_and_a_given_statistics_line(case, line: str) -> None:
    topic, records = case
    tokens = check_summary(topic, records, render_summary(topic, records, statistics_line=line))
    assert squeeze(line) in squeeze(plain_text(tokens))


@pytest.mark.parametrize("field", ["title", "text", "jurisdiction"])
def test_a_finding_cannot_inject_a_heading_or_a_table_row(field: str) -> None:
    topic = CATALOGUE.topic("W3")
    evil = "x\n## Injected\n| a | b | c | d | e |\n|---|---|---|---|---|\n<script>alert(1)</script>"
    finding = Finding(id="f", session_id="s", kind="good practice", title="T", text="x")._replace(**{field: evil})
    record = SessionRecord(session=Session(id="s", topic="W3"), findings=(stored(finding),))
    check_summary(topic, [record], render_summary(topic, [record]))


# --- the report (the default form) over arbitrary records ------------------------------------------

import re  # noqa: E402

from workshop.export.report import render_report  # noqa: E402
from workshop.records import INTERVENTION_KINDS  # noqa: E402


@st.composite
def reports(draw):
    """Like `summaries`, with the report's fields, intervention kinds, and names in jurisdictions."""
    topic, records = draw(summaries())
    out = []
    for record in records:
        session = stored(record.session._replace(
            body=draw(st.one_of(st.just(""), user_text)), moderator=draw(user_text),
            moderator_function=draw(user_text),
            meetings=tuple(draw(st.lists(st.one_of(
                st.tuples(st.integers(1, 30), st.dates()).map(lambda m: f"{m[0]} {m[1]}"), user_text), max_size=3))),
            institutes=tuple(draw(st.lists(user_text, max_size=2))),
            documents=tuple(draw(st.lists(user_text, max_size=3))),
        ))
        interventions = tuple(stored(i._replace(kind=draw(st.sampled_from(INTERVENTION_KINDS))))
                              for i in record.interventions)
        findings = tuple(stored(f._replace(jurisdiction=f"Zqxw land {n} " + f.jurisdiction))
                         for n, f in enumerate(record.findings))
        out.append(record._replace(session=session, interventions=interventions, findings=findings))
    return topic, out


def report_user_fields(records: list[SessionRecord]) -> list[str]:
    """The user text every report carries, attributed or not."""
    fields = []
    for r in records:
        fields += [r.session.moderator_function] if folded(r.session.moderator or r.session.chair) else []
        fields += list(r.session.documents)
        for f in r.findings:
            if f.kind in ("good practice", "challenge", "recommendation", "lesson learned"):
                fields += [f.title, f.text]
        fields += [p.predicate for p in r.key_points]
        fields += [q.synthesis for q in r.question_states]
    return [f for f in fields if squeeze(f)]


def paragraph_numbers(text: str) -> list[int]:
    """The numbers of the numbered paragraphs, as written at the left margin."""
    return [int(m.group(1)) for m in re.finditer(r"^([0-9]+)\. ", text, re.MULTILINE)]


def check_report(topic: Topic, records: list[SessionRecord], text: str) -> list:
    """What holds of every report: inert Markdown, its own headings only, numbers 1..N, no emphasis."""
    tokens = assert_inert(text)
    types = {t.type for t in walk(tokens)}
    assert not types & {"strong_open", "em_open", "bullet_list_open", "link_open"}, types
    found = headings(tokens)
    assert found[1:5] == ["Proceedings", "Summary of deliberations", "Conclusions and recommendations",
                          found[4]] and found[4].startswith("Annex")
    assert all(t.tag in ("h1", "h2", "h3") for t in tokens if t.type == "heading_open")
    written = paragraph_numbers(text)
    assert written == list(range(1, len(written) + 1))
    # A viewer numbers them the same: each list starts at its first paragraph's number.
    shown = []
    for token in tokens:
        if token.type == "ordered_list_open":
            shown.append([int(token.attrs.get("start", 1)), 0])
        elif token.type == "list_item_open" and token.level == 1:
            shown[-1][1] += 1
    assert [n for start, count in shown for n in range(start, start + count)] == written
    rendered = squeeze(plain_text(tokens))
    for field in report_user_fields(records):
        # A subparagraph's own closing "." or ";" gives way to the report's (";" or "." after the last).
        assert squeeze(field).rstrip(".;") in rendered, field
    assert_tables_square_of(text, tokens)
    return tokens


def assert_tables_square_of(text: str, tokens) -> None:
    """Every table row has as many cells as its header row, in the source."""
    header = None
    for line in text.splitlines():
        if line.startswith("| "):
            cells = len(escapedSplit(line.strip()))
            header = cells if header is None else header
            assert cells == header, line
        else:
            header = None


def deliberations_of(text: str) -> str:
    return text.split("\n## Summary of deliberations\n")[1].split("\n## Conclusions and recommendations\n")[0]


REPORT_PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@REPORT_PROPERTY
@given(reports())
def test_any_report_is_safe_numbered_markdown_that_names_nobody_in_its_deliberations(case) -> None:
    topic, records = case
    text = render_report(topic, records)
    check_report(topic, records, text)
    deliberations = deliberations_of(text)
    assert MARKER not in deliberations.casefold()
    assert MARKER not in plain_text(parse(deliberations)).casefold()


@REPORT_PROPERTY
@given(reports())
def test_any_attributed_report_with_its_speakers_is_safe_and_numbered(case) -> None:
    topic, records = case
    text = render_report(topic, records, attributed=True, list_of_speakers=True)
    check_report(topic, records, text)
