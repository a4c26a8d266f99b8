"""The `workshop` command: the app, and every job a secretariat may want to script."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable
from datetime import date as Date
from pathlib import Path

from workshop.store.errors import NotebookError


GUIDE = "guide"  # `workshop search --kind guide`: the discussion guide's text


class UserError(Exception):
    """A mistake in what the user asked for, said in one line (exit status 1)."""


def home_folder(option: str | None) -> Path:
    """The folder that holds sessions/ and exports/: --home, then WORKSHOP_HOME, then here."""
    return Path(option or os.environ.get("WORKSHOP_HOME") or ".").expanduser()


def open_notebook(args: argparse.Namespace):
    """The notebook of the chosen home, opened (and created if new), for a command that writes."""
    from workshop.store import Notebook

    return said(Notebook.open(args.home))


def read_notebook(args: argparse.Namespace):
    """The notebook of the chosen home opened read-only, for a command that only reads.

    Nothing is created: a mistyped --home is one line, not an empty notebook. Reading never
    writes, so it works on a full disk and on a read-only copy.
    """
    from workshop.store import Notebook

    return said(Notebook.for_reading(args.home))


def said(notebook):
    """The notebook, once what opening it found worth a word (a damaged -wal kept aside) is on stderr."""
    if notebook.notice:
        print(f"workshop: {notebook.notice}", file=sys.stderr)
    return notebook


def count(n: int, noun: str) -> str:
    """`1 question`, `11 questions`: a number with its noun."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def column(n: int, noun: str, width: int) -> str:
    """A count for a table column: figures right-aligned, the noun padded, so singular rows line up."""
    words = f"{noun}{'' if n == 1 else 's'}"
    return f"{n:>{width - len(noun) - 2}} {words:<{len(noun) + 1}}"


def print_json(document: object) -> None:
    """One JSON document on stdout."""
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def topic_or_fail(key: str):
    """The catalogue topic for a key, or a one-line error listing the keys."""
    from workshop.catalogue import load_catalogue

    catalogue = load_catalogue()
    topic = catalogue.topic(key)
    if topic is None:
        keys = ", ".join(t.key for t in catalogue.topics)
        raise UserError(f"unknown topic {key!r}; the topics are {keys}")
    return topic


def sessions_for(notebook, target: str) -> list:
    """The sessions an export or statistics TARGET names: an id, a unique id prefix or a topic key."""
    matches = notebook.find_sessions(target)
    if not matches:
        raise UserError(f"no session or topic matches {target!r} (see `workshop sessions`)")
    topics = {s.topic for s in matches}
    if len(matches) > 1 and target.strip().upper() not in topics:
        raise UserError(f"{target!r} matches {len(matches)} sessions; give more of the id")
    return matches


# --- commands ----------------------------------------------------------------------------------


def cmd_catalogue(args: argparse.Namespace) -> int:
    """Print the built-in programme, or one topic's part of the guide."""
    from workshop.catalogue import load_catalogue
    from workshop.catalogue.reading import guide_json, plain_lines, topic_json, topic_pieces

    catalogue = load_catalogue()
    topics = [topic_or_fail(args.topic)] if args.topic else catalogue.topics
    if args.json:
        print_json({"guide": guide_json(catalogue.guide), "topics": [topic_json(t) for t in topics]})
        return 0
    if args.topic:
        print("\n".join(plain_lines(topic_pieces(topics[0]), reading_width())))
        return 0
    for t in topics:
        print(f"{t.key}  {t.label}: {t.short_title} ({count(len(t.objectives), 'objective')}, "
              f"{count(len(t.questions), t.questions_kind.removesuffix('s'))})")
    return 0


def reading_width() -> int:
    """Columns for text to read: the terminal's, up to 100."""
    import shutil

    return min(shutil.get_terminal_size((80, 24)).columns, 100)


def cmd_guide(args: argparse.Namespace) -> int:
    """Find words in the discussion guide, or print it whole."""
    from workshop.catalogue import load_catalogue
    from workshop.catalogue.reading import (
        introduction_pieces, plain_lines, search_guide, topic_pieces,
    )

    topic = topic_or_fail(args.topic) if args.topic else None
    words = " ".join(args.words)
    if not words.strip():
        if args.json:
            raise UserError("give words to find with --json (`workshop catalogue --json` has the whole guide)")
        catalogue = load_catalogue()
        shown = [topic] if topic else catalogue.topics
        lines = [] if topic else list(plain_lines(introduction_pieces(catalogue.guide), reading_width()))
        for t in shown:
            lines += ([""] if lines else []) + list(plain_lines(topic_pieces(t), reading_width()))
        print("\n".join(lines))
        return 0
    hits = search_guide(words, topic.key if topic else "", limit=args.limit)
    if args.json:
        print_json({"query": words, "results": [h.as_json() for h in hits]})
        return 0
    if not hits:
        print("Not found in the guide.")
    print_guide_hits(hits)
    return 0


def print_guide_hits(hits: list) -> None:
    """Guide results, each line marked as the guide's, with its paragraph."""
    bold = sys.stdout.isatty()
    for h in hits:
        print(f"{'guide':<12} {h.place}  {h.topic or 'Introduction'}  {h.section}")
        print("    " + "".join(f"\x1b[1m{piece}\x1b[0m" if matched and bold else piece
                               for piece, matched in h.excerpt.pieces()))


def cmd_sessions(args: argparse.Namespace) -> int:
    """List the sessions in the notebook."""
    with read_notebook(args) as notebook:
        sessions = notebook.sessions()
        counts = notebook.intervention_counts()
    if args.json:
        print_json({"sessions": [{**s._asdict(), "interventions": counts.get(s.id, 0)} for s in sessions]})
        return 0
    if not sessions:
        print("No sessions yet. Create one with `workshop new TOPIC` or in the app.")
    for s in sessions:
        print(f"{s.id}  {s.topic}  {s.date or '----------'}  {s.meeting or '(no meeting label)'}  "
              f"{counts.get(s.id, 0)} interventions  {s.status}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Create a session and print its id."""
    topic = topic_or_fail(args.topic)
    if args.date:
        try:
            Date.fromisoformat(args.date)
        except ValueError:
            raise UserError(f"--date {args.date!r} is not a date of the form YYYY-MM-DD") from None
    from workshop.proceedings import MeetingsError, parse_meetings

    date = args.date or Date.today().isoformat()
    if args.meeting_number and not args.meeting_number.isdecimal():
        raise UserError(f"--meeting-number {args.meeting_number!r} is not a meeting number, e.g. 4")
    given, typed = ("--meetings", args.meetings) if args.meetings is not None else \
        ("--meeting-number", f"{args.meeting_number} {date}" if args.meeting_number else "")
    try:
        meetings = parse_meetings(typed)
    except MeetingsError as error:
        raise UserError(f"{given}: {error}") from None
    with open_notebook(args) as notebook:
        session = notebook.create_session(
            topic.key, meeting=args.meeting, date=date,
            venue=args.venue, chair=args.chair, rapporteur=args.rapporteur,
            panellists=args.panellists, body=args.body, meetings=meetings, moderator=args.moderator,
            moderator_function=args.moderator_function,
        )
    print(session.id)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a summary (Markdown) or a bundle (JSON) of sessions, a topic or the whole notebook."""
    from workshop.export.names import safe_stem

    fmt = args.format or ("json" if args.target == "all" else "md")
    if args.out:
        refuse_export_path(Path(args.out), args.home, with_card=fmt == "md", force=args.force)
    with read_notebook(args) as notebook:
        if args.target == "all":
            if fmt != "json":
                raise UserError("`export all` writes the whole notebook as JSON; use --format json")
            sessions, stem = None, "notebook"
        else:
            sessions = sessions_for(notebook, args.target)
            first = sessions[0]
            single = len(sessions) == 1 and args.target.upper() != first.topic
            stem = safe_stem(first.topic, first.meeting if single else "", first.date if single else "")
        if fmt == "md":
            return export_summary(notebook, sessions, args)
        # Only a bundle needs these: a summary does not load the merge's modules.
        from workshop.export.bundle import bundle_json
        from workshop.store.notebook import now
        from workshop.store.sync import all_records

        tables = all_records(notebook, None if sessions is None else [s.id for s in sessions])
        text = bundle_json(tables, exported_at=now(), schema_version=notebook.schema_version())
    out = Path(args.out) if args.out else Path(args.home) / "exports" / f"{stem}.json"
    write_export(out, text.encode("utf-8"), args.home, force=args.force)
    print(out)
    return 0


def export_summary(notebook, sessions: list, args: argparse.Namespace) -> int:
    """Write the report (or the notes), then say on stderr which interventions no key point reflects.

    With --check nothing is written while any remain, and the status is 1: a secretariat's script
    can refuse a summary that leaves something said out. An export that fails says only why.
    """
    from workshop.export.reflected import pending_lines
    from workshop.export.writer import ExportError, summary_topic, write_summary
    from workshop.store.floor import summary_sources

    # What is read stays until the file is written, and makes no cycles: the collector would walk
    # it a hundred times at 100,000 interventions (5 % of the export) and free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        topic = summary_topic(sessions)
        sources = summary_sources(notebook, sessions)  # read once, for the check and for the file
        missing = pending_lines(sources.floor, topic)
        if missing and args.check:
            say_each(missing)
            print("workshop: not exported (--check): link each of them to a key point first", file=sys.stderr)
            return 1
        paths = write_summary(notebook, sessions, args.home, out=args.out, attributed=args.attributed,
                              force=args.force, form=args.form, list_of_speakers=args.speakers, sources=sources)
    except ExportError as error:
        raise UserError(str(error)) from None
    finally:
        if collecting:
            gc.enable()
    for path in paths:
        print(path)
    say_each(missing)
    return 0


def say_each(lines: list[str]) -> None:
    """Lines on stderr, each after "workshop: ", in one write."""
    # stderr writes each line as it comes: 8,700 of them cost an export at 100,000 20 ms.
    sys.stderr.write("".join(f"workshop: {line}\n" for line in lines))


def refuse_export_path(path: Path, home: Path, *, with_card: bool, force: bool) -> None:
    """Refuse an --out path (and its QR card's) before anything is read or said: one line."""
    from workshop.export.writer import ExportError, check_output, qr_path

    try:
        for target in (path, qr_path(path)) if with_card else (path,):
            check_output(target, home, force=force)
    except ExportError as error:
        raise UserError(str(error)) from None


def write_export(path: Path, content: bytes, home: Path, *, force: bool) -> None:
    """Write a bundle whole (temporary file, fsync, rename), never over the notebook or a stranger's file."""
    from workshop.export.writer import ExportError, check_output, write_atomically

    try:
        check_output(path, home, force=force)
        write_atomically(path, content)
    except ExportError as error:
        raise UserError(str(error)) from None


def cmd_import(args: argparse.Namespace) -> int:
    """Load a JSON bundle; importing it again adds nothing."""
    from workshop.store.bundle import import_bundle

    with open_notebook(args) as notebook:
        counts = import_bundle(notebook, Path(args.bundle), backup_first=True)
    print(f"{args.bundle}: {counts}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Verify the notebook's integrity without writing to it, and list its backups."""
    from workshop.store.backup import check_notebook
    from workshop.store.notebook import notebook_path

    path = notebook_path(args.home)
    try:
        print(check_notebook(path))
    finally:
        print_backups(path)  # also when the check fails: the list is what the user needs then
    return 0


def print_backups(path: Path) -> None:
    """The notebook's backups, newest first, with their time and size."""
    from workshop.store.backup import list_backups

    backups = list_backups(path)
    if not backups:
        print("No backups yet: the app makes one each time it opens and closes the notebook.")
        return
    print(f"Backups in {backups[0].parent} (newest first; `workshop restore NAME` puts one back):")
    for backup in backups:
        stamp = backup.name.split("-")[1].removesuffix(".db")
        when = f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]} UTC"
        print(f"  {backup.name}  {when}  {backup.stat().st_size / 1e6:.1f} MB")


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a backup back in place of the notebook, which is kept aside first."""
    from workshop.store import Notebook
    from workshop.store.backup import find_backup, restore_backup
    from workshop.store.notebook import notebook_path

    path = notebook_path(args.home)
    backup = find_backup(path, args.backup)
    kept = restore_backup(path, backup, force=args.force)
    with Notebook(path):
        pass  # opening checks the restored file and brings its schema up to date
    print(f"{path}: restored from {backup}")
    if kept is not None:
        print(f"The notebook it replaced is kept as {kept}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Fold a co-rapporteur's notebook in by UUID, field by field; print the fields changed on both sides."""
    from workshop.store.merge import merge_notebook

    from workshop.store.sync import conflict_line

    with open_notebook(args) as notebook:
        counts = merge_notebook(notebook, Path(args.other), backup_first=True)
    print(f"{args.other}: {counts}")
    for conflict in counts.conflicts:
        print(conflict_line(conflict))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Find interventions, findings, key points and syntheses, and the guide's words; filters alone list records."""
    from dataclasses import replace

    from workshop.catalogue.reading import search_guide
    from workshop.store.query import parse_query
    from workshop.store.search import SearchFilter, search

    kinds = tuple(k for k in args.kind or () if k != GUIDE)
    filters = SearchFilter(
        topic=topic_or_fail(args.topic).key if args.topic else "",
        question_ref=question_or_fail(args.question) if args.question else "",
        speaker_category=args.category or "",
        finding_kind=args.finding_kind or "",
        evidence=args.evidence or "",
        kinds=kinds,
    )
    with read_notebook(args) as notebook:
        if args.session:
            filters = replace(filters, session_ids=tuple(s.id for s in sessions_for(notebook, args.session)))
        if args.speaker:
            speaker = notebook.speaker_named(args.speaker)
            if speaker is None:
                raise UserError(f"no speaker named {args.speaker!r} in the notebook")
            filters = replace(filters, speaker_id=speaker.id)
        hits = [] if args.kind and not kinds else search(notebook, args.query, filters, limit=args.limit)
    # The guide has no sessions, speakers or findings: a filter on those leaves it out.
    in_guide = (not args.kind or GUIDE in args.kind) and not (
        kinds or replace(filters, topic="").tests_rows)
    guide_hits = search_guide(args.query, filters.topic, limit=args.limit) if in_guide else []
    if args.json:
        print_json({"query": args.query, "fts": parse_query(args.query).fts,
                    "results": [{**h.as_json(), "source": "notebook"} for h in hits],
                    "guide": [h.as_json() for h in guide_hits]})
        return 0
    if not hits and not guide_hits:
        print("No results.")
    bold = sys.stdout.isatty()
    for h in hits:
        where = "  ".join(x for x in (h.topic, h.session_date, ", ".join(h.question_refs), h.speaker) if x)
        print(f"{h.kind:<12} {h.id[:8]}  session {h.session_id[:8]}  {where}")
        for line in (h.title, h.excerpt):
            if line.text:
                print("    " + "".join(
                    f"\x1b[1m{piece}\x1b[0m" if matched and bold else piece
                    for piece, matched in line.pieces()
                ))
    print_guide_hits(guide_hits)
    return 0


def question_or_fail(ref: str) -> str:
    """A question reference from the catalogue (W3.Q.b), or a one-line error."""
    from workshop.catalogue import load_catalogue

    question = load_catalogue().question(ref.strip())
    if question is None:
        raise UserError(f"unknown question {ref!r}; questions are named like W3.Q.b (see `workshop catalogue`)")
    return question.ref


def cmd_stats(args: argparse.Namespace) -> int:
    """Speakers by category, group and gender, speaking time per question and meeting, coverage."""
    from workshop.review import coverage_in, duration, statistics_in

    with read_notebook(args) as notebook:
        sessions = sessions_for(notebook, args.target)
        stats = statistics_in(notebook, sessions)
        topics = coverage_in(notebook, sessions)
    if args.json:
        print_json({**stats.as_json(), "coverage": [t.as_json() for t in topics]})
        return 0
    print(stats.statement)
    print(f"{count(len(sessions), 'meeting')}, {count(stats.interventions, 'intervention')} by "
          f"{count(stats.speakers, 'speaker')}, {duration(stats.seconds)} of speaking time")
    tables = (
        ("Speakers by category", stats.by_category),
        ("By regional group", stats.by_regional_group),
        ("By gender", stats.by_gender),
        ("Speaking time per question", stats.by_question),
    )
    # One width for every table's labels, from the longest: the columns line up down the page.
    width = max([45, *(len(t.label) for _, tallies in tables for t in tallies if t.interventions)])
    for heading, tallies in tables:
        print(f"\n{heading}")
        for t in tallies:
            if t.interventions:
                print(f"  {t.label:<{width}} {column(t.speakers, 'speaker', 12)} "
                      f"{column(t.interventions, 'intervention', 17)} {duration(t.seconds):>9}")
    print("\nInterventions per meeting")
    for m in stats.by_meeting:
        print(f"  {m.date or '----------'}  {m.meeting or m.session_id[:8]:<30} "
              f"{column(m.interventions, 'intervention', 17)} {duration(m.seconds):>9}")
    for t in topics:
        print(f"\nCoverage of {t.topic.key} ({t.discussed_count} of {len(t.questions)} questions discussed)")
        for q in t.questions:
            print(f"  {q.question.ref:<8} {column(q.interventions, 'intervention', 17)} "
                  f"{column(q.findings, 'finding', 12)} {column(q.key_points, 'key point', 13)}"
                  f"{'' if q.discussed else '  not discussed'}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill the notebook with the demo meeting of Workshop 3 and print its session id."""
    from workshop.demo import fill_demo

    with open_notebook(args) as notebook:
        session = fill_demo(notebook)
    print(session.id)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "catalogue": cmd_catalogue,
    "guide": cmd_guide,
    "sessions": cmd_sessions,
    "new": cmd_new,
    "export": cmd_export,
    "demo": cmd_demo,
    "import": cmd_import,
    "check": cmd_check,
    "restore": cmd_restore,
    "merge": cmd_merge,
    "search": cmd_search,
    "stats": cmd_stats,
}


def build_parser() -> argparse.ArgumentParser:
    """The command line as DESIGN.md gives it."""
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="Offline rapporteur's notebook for the workshops of the Thirteenth UN Crime Congress.",
    )
    parser.add_argument("--home", help="folder holding sessions/ and exports/ (default: $WORKSHOP_HOME or here)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("catalogue", help="the built-in programme; with TOPIC, its part of the guide")
    p.add_argument("topic", metavar="TOPIC", nargs="?", help="W1..W4 or A3..A6: print its guide text")
    p.add_argument("--json", action="store_true", help="one JSON document")
    p = sub.add_parser("guide", help="find words in the discussion guide (none: print it)")
    p.add_argument("words", metavar="WORDS", nargs="*", help='words, "phrases", prefix*, OR')
    p.add_argument("--topic", help="W1..W4 or A3..A6: only its part of the guide")
    p.add_argument("--limit", type=int, default=50, help="most results shown (default 50)")
    p.add_argument("--json", action="store_true", help="one JSON document")
    p = sub.add_parser("sessions", help="sessions in the notebook")
    p.add_argument("--json", action="store_true", help="one JSON document")

    p = sub.add_parser("new", help="create a session and print its id")
    p.add_argument("topic", metavar="TOPIC", help="W1..W4 or A3..A6")
    p.add_argument("--meeting", default="", help='meeting label, e.g. "1st meeting"')
    p.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    p.add_argument("--venue", default="")
    p.add_argument("--chair", default="", help="chair or moderator")
    p.add_argument("--rapporteur", default="")
    p.add_argument("--panellists", default="")
    p.add_argument("--body", default="", help='the body that held it: "Committee I", "Committee II", "plenary"...')
    numbers = p.add_mutually_exclusive_group()
    numbers.add_argument("--meeting-number", metavar="N", default="", help="the body's meeting number, on --date")
    numbers.add_argument("--meetings", metavar="LIST",
                         help='the body\'s meetings it spanned: "4 2015-04-15, 5 2015-04-16"')
    p.add_argument("--moderator", default="", help="the moderator's name, no honorific")
    p.add_argument("--moderator-function", default="", help="the moderator's function")

    p = sub.add_parser("export", help="write the report or the notes (md), or a bundle (json)")
    p.add_argument("target", metavar="TARGET", help="session id or unique prefix, topic key, or all")
    p.add_argument("--format", choices=("md", "json"), help="md (default) or json (default for all)")
    p.add_argument("--form", choices=("report", "notes"), default="report",
                   help="report: the UN document (default); notes: the rapporteur's own, attributed, with times")
    p.add_argument("--attributed", action="store_true", help="name delegations in the report's deliberations")
    p.add_argument("--speakers", action="store_true", help="add the list of speakers by delegation to the report")
    p.add_argument("--check", action="store_true",
                   help="exit 1, writing nothing, while any intervention is reflected in no key point")
    p.add_argument("--out", help="file to write (default: under exports/)")
    p.add_argument("--force", action="store_true", help="replace an existing --out file that is not an export")

    p = sub.add_parser("import", help="load a JSON bundle (idempotent)")
    p.add_argument("bundle", metavar="BUNDLE.json")

    sub.add_parser("check", help="integrity check of the notebook, list of backups")
    p = sub.add_parser("restore", help="put a backup back (the current file is kept aside)")
    p.add_argument("backup", metavar="BACKUP", help="a backup's file name (see `workshop check`) or a path")
    p.add_argument("--force", action="store_true", help="put back a file that is not a backup of this notebook")
    p = sub.add_parser("merge", help="fold a co-rapporteur's notebook in")
    p.add_argument("other", metavar="OTHER.db", help="the other notebook file (read, never written)")
    sub.add_parser("demo", help="fill the notebook with a realistic demo meeting (Workshop 3)")

    from workshop.records import EVIDENCE_LEVELS, FINDING_KINDS, SPEAKER_CATEGORIES
    from workshop.store.results import DEFAULT_LIMIT, RESULT_KINDS

    p = sub.add_parser("search", help="find what was said (words, \"phrases\", prefix*, OR)")
    p.add_argument("query", metavar="QUERY", nargs="?", default="",
                   help="words to find; empty: list what the filters keep")
    p.add_argument("--topic", help="W1..W4 or A3..A6")
    p.add_argument("--session", help="session id, unique prefix or topic key")
    p.add_argument("--question", help="question reference, e.g. W3.Q.b")
    p.add_argument("--speaker", help="speaker name as in the notebook")
    p.add_argument("--category", choices=SPEAKER_CATEGORIES, help="category of speaker")
    p.add_argument("--finding-kind", choices=FINDING_KINDS, help="findings of this kind only")
    p.add_argument("--evidence", choices=EVIDENCE_LEVELS, help="findings with this evidence level only")
    p.add_argument("--kind", action="append", choices=[*RESULT_KINDS, GUIDE],
                   help="look only in these records, or the guide (repeatable)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"most results shown (default {DEFAULT_LIMIT})")
    p.add_argument("--json", action="store_true", help="one JSON document")

    p = sub.add_parser("stats", help="speakers by category, time per question, coverage")
    p.add_argument("target", metavar="TARGET", help="session id or unique prefix, or topic key")
    p.add_argument("--json", action="store_true", help="one JSON document")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; a user's mistake or a bad file gives one line on stderr and status 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.home = home_folder(args.home)
    try:
        if args.command is None:
            return run_app(args)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # here, so that a closed pipe is met inside the handler below
        return status
    except (UserError, NotebookError) as error:
        print(f"workshop: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output (`| head`) has gone: nothing to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command ended by SIGPIPE


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the notebook of the home folder."""
    from workshop.tui.app import make_app
    from workshop.tui.collector import settle_for_the_app

    app = make_app(args.home)
    settle_for_the_app()
    app.run()
    return app.return_code or 0
