"""Build the catalogue's data from the discussion guide's text (A/CONF.222/PM.1).

    uv run python scripts/build_catalogue.py           write workshop/catalogue/*.json
    uv run python scripts/build_catalogue.py --check   exit 1 if the committed data differs

The guide's text is workshop/catalogue/guide/discussion-guide-13th-congress.txt, one line per
paragraph, quotation, lettered item, heading or footnote, with page breaks where a sentence stops
and footnotes come in between. The script joins what the page breaks cut, attaches each footnote
to the paragraph whose text carries its mark, and writes:

- programme.json: the topics, their objectives and questions (or issues) with the paragraph each
  comes from, the lead-in of each list and the numbers of the scope paragraphs;
- guide.json: every paragraph of the guide word for word, the main theme and the agenda.

Nothing here runs with the app; it only makes the data the app reads.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "workshop" / "catalogue"
GUIDE_TEXT = CATALOGUE / "guide" / "discussion-guide-13th-congress.txt"
OUTPUTS = ("programme.json", "guide.json")

# Not in the guide: the app's own short names for the topics, for narrow screens.
SHORT_TITLES = {
    "A3": "Comprehensive crime prevention policies",
    "A4": "Cooperation against organized crime",
    "A5": "New and emerging forms of crime",
    "A6": "National approaches to participation",
    "W1": "Standards and norms: women and children",
    "W2": "Human trafficking and migrant smuggling",
    "W3": "Cybercrime and cultural property",
    "W4": "Public contribution and awareness",
}
ORDER = ("A3", "A4", "A5", "A6", "W1", "W2", "W3", "W4")
# Headings inside Workshop 2's list of questions (para. 96); each opens a group of questions.
QUESTION_GROUPS = ("Trafficking in persons", "Smuggling of migrants")

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARK = re.compile(f"[{SUPERSCRIPTS}]+")
TOPIC_HEADING = re.compile(r"^(Agenda item|Workshop) (\d)\. (.+)$")
SECTION_HEADING = re.compile(
    r"^[A-C]\. (Background|Substantive aspects|Procedural aspects|Main issues/substantive focus"
    r"|Scope|Objectives|Questions for discussion)$"
)
NUMBERED = re.compile(r"^(\d+)\. (.+)$")
LETTERED = re.compile(r"^(?:- )?\(([a-z])\) (.+)$")
LETTERED_HEADING = re.compile(r"^\(([a-z])\) \*([^*]+)\*$")
AGENDA_ITEMS = 7  # para. 3 lists the provisional agenda, items 1 to 7


class GuideError(Exception):
    """The guide's text is not laid out as this script expects."""


def footnote_number(text: str) -> int:
    """The number a run of superscript digits writes."""
    return int("".join(str(SUPERSCRIPTS.index(c)) for c in text))


def without_marks(text: str) -> str:
    """Text with its footnote marks taken out."""
    return MARK.sub("", text)


def clean(text: str) -> str:
    """One block of text: italics markers dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


class Reader:
    """Reads the guide line by line into paragraphs and footnotes."""

    def __init__(self) -> None:
        self.paragraphs: list[dict] = []
        self.footnotes: dict[int, list[list[str]]] = {}
        self.topics: list[dict] = []
        self.topic: str | None = None
        self.section = "A. Background"
        self.headings: list[str] = []
        self.expected = 1
        self.agenda_next: int | None = None
        self.group: str | None = None
        self.body: list[str] | dict | None = None  # the block or subparagraph last written
        self.in_footnote: int | None = None
        self.after_footnote = False

    # --- where text goes ---

    @property
    def paragraph(self) -> dict:
        if not self.paragraphs:
            raise GuideError("text before paragraph 1")
        return self.paragraphs[-1]

    def _append(self, more: str) -> None:
        if isinstance(self.body, dict):
            self.body["text"] += " " + more
        elif self.body is not None:
            self.body[1] += " " + more
        else:
            raise GuideError(f"nothing to continue with {more[:40]!r}")

    def _block(self, kind: str, text: str) -> None:
        block = [kind, text]
        self.paragraph["blocks"].append(block)
        self.body = block

    # --- lines ---

    def read(self, line: str) -> None:
        if line.startswith("* "):  # the cover page's footnote (the Commission's agenda symbol)
            return
        if line[0] in SUPERSCRIPTS:
            mark = MARK.match(line).group()
            number = footnote_number(mark)
            self.footnotes[number] = [["text", line[len(mark):].strip()]]
            self.in_footnote = number
            return
        if self.in_footnote is not None:
            if self._footnote_goes_on(line):
                return
            self.in_footnote = None
            self.after_footnote = True
        self._body(line)
        self.after_footnote = False

    def _footnote_goes_on(self, line: str) -> bool:
        """A footnote's quotation, and what follows a quotation in it, are the footnote's."""
        blocks = self.footnotes[self.in_footnote]
        if without_marks(blocks[-1][1]).endswith(":"):
            blocks.append(["quote", line])
            return True
        if blocks[-1][0] == "quote" and not self._body_resumes(line):
            blocks.append(["text", line])
            return True
        return False

    def _body_resumes(self, line: str) -> bool:
        match = NUMBERED.match(line)
        return bool(
            line[0].islower() or LETTERED.match(line) or TOPIC_HEADING.match(line)
            or SECTION_HEADING.match(line) or (match and int(match[1]) == self.expected)
        )

    def _body(self, line: str) -> None:
        if match := TOPIC_HEADING.match(line):
            kind, number, title = match.groups()
            key = ("A" if kind == "Agenda item" else "W") + number
            self.topics.append({"key": key, "kind": kind.lower(), "number": int(number),
                                "title": clean(title)})
            self.topic, self.section, self.headings, self.group = key, "", [], None
            return
        if SECTION_HEADING.match(line):
            self.section, self.headings, self.group = line, [], None
            return
        numbered = NUMBERED.match(line)
        if numbered and self.agenda_next and int(numbered[1]) == self.agenda_next:
            self._subparagraph(numbered[1], numbered[2])
            self.agenda_next = self.agenda_next + 1 if self.agenda_next < AGENDA_ITEMS else None
            return
        if numbered and int(numbered[1]) == self.expected:
            self.paragraphs.append({
                "number": self.expected, "topic": self.topic, "section": self.section,
                "headings": list(self.headings), "blocks": [], "subparagraphs": [],
            })
            self._block("text", numbered[2])
            self.agenda_next = 1 if self.expected == 3 else None
            self.expected += 1
            self.group = None
            return
        if numbered and not line.endswith((".", ":", ";")):  # "1. The role of the media ..."
            self.headings = [clean(line)]
            return
        if match := LETTERED_HEADING.match(line):  # "(a) *Community-centred initiatives*"
            self.headings = [*self.headings[:1], f"({match[1]}) {clean(match[2])}"]
            return
        if match := LETTERED.match(line):
            self._subparagraph(match[1], match[2])
            return
        if line in QUESTION_GROUPS:
            self.group = line
            return
        if line[0].islower():  # a sentence carried over a page break
            self._append(line)
            return
        last = self.paragraph["blocks"][-1]
        if self.body is last and without_marks(last[1]).endswith(":"):
            self._block("quote", line)
        elif self.body is last and last[0] == "quote":
            self._block("text", line)  # the paragraph goes on after its quotation
        elif self.after_footnote:
            self._append(line)  # carried over a page break, on a new sentence
        else:
            raise GuideError(f"cannot place {line[:60]!r} (paragraph {self.paragraph['number']})")

    def _subparagraph(self, label: str, text: str) -> None:
        sub = {"label": label, "text": text, "group": self.group}
        self.paragraph["subparagraphs"].append(sub)
        self.body = sub


def read_guide(text: str) -> Reader:
    """The guide's paragraphs and footnotes, from its text."""
    lines = [line.strip() for line in text.splitlines()]
    start = next((n for n, line in enumerate(lines) if line.startswith("1. The present")), None)
    if start is None:
        raise GuideError("paragraph 1 not found")
    reader = Reader()
    for line in lines[start:]:
        if line:
            reader.read(line)
    return reader


# --- the data ----------------------------------------------------------------------------------


def _paragraph_entry(paragraph: dict, footnotes: dict[int, list[list[str]]]) -> dict:
    blocks = [(kind, clean(text)) for kind, text in paragraph["blocks"]]
    subs = [{"label": s["label"], "text": clean(s["text"]), "group": s["group"]}
            for s in paragraph["subparagraphs"]]
    marked = [footnote_number(m) for text in [*(t for _, t in blocks), *(s["text"] for s in subs)]
              for m in MARK.findall(text)]
    return {
        "number": paragraph["number"],
        "topic": paragraph["topic"],
        "section": paragraph["section"],
        "headings": paragraph["headings"],
        "text": "\n\n".join(text for _, text in blocks),
        "quoted": [text for kind, text in blocks if kind == "quote"],
        "subparagraphs": subs,
        "footnotes": [
            {"number": n,
             "text": "\n\n".join(clean(t) for _, t in footnotes[n]),
             "quoted": [clean(t) for kind, t in footnotes[n] if kind == "quote"]}
            for n in marked
        ],
    }


def _item_text(text: str) -> str:
    return clean(without_marks(text))


def _topic_entry(topic: dict, paragraphs: list[dict]) -> dict:
    key = topic["key"]
    own = [p for p in paragraphs if p["topic"] == key]
    in_section = lambda name: [p for p in own if p["section"].endswith(". " + name)]  # noqa: E731
    scope_sections = ("Scope",) if topic["kind"] == "workshop" else (
        "Background", "Main issues/substantive focus")
    objectives = []
    listed = [p for p in in_section("Objectives") if p["subparagraphs"]]
    for p in listed:
        objectives += [{"ref": f"{key}.O.{s['label']}", "letter": s["label"],
                        "text": _item_text(s["text"]), "paragraph": p["number"]}
                       for s in p["subparagraphs"]]
    if not listed:  # Workshop 2: its objectives are whole paragraphs
        for n, p in enumerate(in_section("Objectives")):
            objectives.append({"ref": f"{key}.O" if n == 0 else f"{key}.O.{p['number']}",
                               "letter": None, "text": _item_text(p["text"]),
                               "paragraph": p["number"]})
    (lead,) = in_section("Questions for discussion")
    items = [_item_text(s["text"]) for s in lead["subparagraphs"]]
    kind = "questions" if all(text.endswith("?") for text in items) else "issues"
    return {
        "key": key, "kind": topic["kind"], "number": topic["number"], "title": topic["title"],
        "short_title": SHORT_TITLES[key],
        "scope": [p["number"] for s in scope_sections for p in in_section(s)],
        "objectives": objectives,
        "questions_kind": kind,
        "questions_paragraph": lead["number"],
        "questions_lead_in": _item_text(lead["text"]),
        "questions": [
            {"ref": f"{key}.Q.{s['label']}", "letter": s["label"], "text": text,
             "group": s["group"], "paragraph": lead["number"]}
            for s, text in zip(lead["subparagraphs"], items)
        ],
    }


def build(text: str) -> dict[str, dict]:
    """The catalogue's files (name -> JSON document) built from the guide's text."""
    reader = read_guide(text)
    marks = [footnote_number(m) for p in reader.paragraphs
             for t in [*(b[1] for b in p["blocks"]), *(s["text"] for s in p["subparagraphs"])]
             for m in MARK.findall(t)]
    if sorted(marks) != sorted(reader.footnotes) or len(set(marks)) != len(marks):
        raise GuideError("footnote marks and footnotes do not pair up")
    paragraphs = [_paragraph_entry(p, reader.footnotes) for p in reader.paragraphs]
    if [t["key"] for t in reader.topics] != list(ORDER):
        raise GuideError(f"topics found: {[t['key'] for t in reader.topics]}")
    theme = re.search(r"“([^”]+)”", paragraphs[1]["text"])
    agenda = paragraphs[2]["subparagraphs"]
    if theme is None or [s["label"] for s in agenda] != [str(n) for n in range(1, AGENDA_ITEMS + 1)]:
        raise GuideError("the main theme (para. 2) or the agenda (para. 3) is not where expected")
    return {
        "programme.json": {"topics": [_topic_entry(t, paragraphs) for t in reader.topics]},
        "guide.json": {
            "symbol": "A/CONF.222/PM.1",
            "main_theme": theme.group(1),
            "agenda": [{"number": int(s["label"]), "title": s["text"]} for s in agenda],
            "paragraphs": paragraphs,
        },
    }


def dumped(document: dict) -> str:
    """A document as the committed file holds it."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    built = build(GUIDE_TEXT.read_text(encoding="utf-8"))
    if "--check" in argv:
        stale = [name for name in OUTPUTS
                 if (CATALOGUE / name).read_text(encoding="utf-8") != dumped(built[name])]
        for name in stale:
            print(f"{name} differs from what the guide gives; run scripts/build_catalogue.py")
        return 1 if stale else 0
    for name in OUTPUTS:
        (CATALOGUE / name).write_text(dumped(built[name]), encoding="utf-8")
        print(f"wrote {CATALOGUE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
