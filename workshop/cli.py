"""The `workshop` command: the app, and every job a secretariat may want to script."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date as Date
from pathlib import Path

from workshop.store.errors import NotebookError


class UserError(Exception):
    """A mistake in what the user asked for, said in one line (exit status 1)."""


def home_folder(option: str | None) -> Path:
    """The folder that holds sessions/ and exports/: --home, then WORKSHOP_HOME, then here."""
    return Path(option or os.environ.get("WORKSHOP_HOME") or ".").expanduser()


def open_notebook(args: argparse.Namespace):
    """The notebook of the chosen home, opened (and created if new)."""
    from workshop.store import Notebook

    return Notebook.open(args.home)


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
    """Print the built-in programme."""
    from workshop.catalogue import load_catalogue

    topics = load_catalogue().topics
    if args.json:
        print_json({"topics": [
            {
                "key": t.key, "kind": t.kind, "number": t.number, "title": t.title,
                "short_title": t.short_title,
                "objectives": [o._asdict() for o in t.objectives],
                "questions": [q._asdict() for q in t.questions],
            }
            for t in topics
        ]})
        return 0
    for t in topics:
        print(f"{t.key}  {t.label}: {t.short_title} ({len(t.objectives)} objectives, {len(t.questions)} questions)")
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    """List the sessions in the notebook."""
    with open_notebook(args) as notebook:
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
    with open_notebook(args) as notebook:
        session = notebook.create_session(
            topic.key, meeting=args.meeting, date=args.date or Date.today().isoformat(),
            venue=args.venue, chair=args.chair, rapporteur=args.rapporteur,
            panellists=args.panellists,
        )
    print(session.id)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a summary (Markdown) or a bundle (JSON) of sessions, a topic or the whole notebook."""
    from workshop.export.bundle import bundle_json
    from workshop.export.names import safe_stem
    from workshop.store.notebook import now
    from workshop.store.sync import all_records

    fmt = args.format or ("json" if args.target == "all" else "md")
    with open_notebook(args) as notebook:
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
            from workshop.export.writer import ExportError, write_summary

            try:
                paths = write_summary(notebook, sessions, args.home, out=args.out, attributed=args.attributed)
            except ExportError as error:
                raise UserError(str(error)) from None
            for path in paths:
                print(path)
            return 0
        tables = all_records(notebook, None if sessions is None else [s.id for s in sessions])
        text = bundle_json(tables, exported_at=now(), schema_version=notebook.schema_version())
    out = Path(args.out) if args.out else Path(args.home) / "exports" / f"{stem}.json"
    write_text_file(out, text)
    print(out)
    return 0


def write_text_file(path: Path, text: str) -> None:
    """Write an export through a temporary file, so a full disk never leaves half a file."""
    from workshop.store.files import ensure_folder

    ensure_folder(path.parent)
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(f"{path}: cannot be written ({error.strerror or error})") from None


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
    kept = restore_backup(path, backup)
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
    """Find interventions, findings, key points and syntheses; filters alone list records."""
    from workshop.store.query import parse_query
    from workshop.store.search import SearchFilter, search

    filters = SearchFilter(
        topic=topic_or_fail(args.topic).key if args.topic else "",
        question_ref=question_or_fail(args.question) if args.question else "",
        speaker_category=args.category or "",
        finding_kind=args.finding_kind or "",
        evidence=args.evidence or "",
        kinds=tuple(args.kind or ()),
    )
    with open_notebook(args) as notebook:
        if args.session:
            filters = replace(filters, session_ids=tuple(s.id for s in sessions_for(notebook, args.session)))
        if args.speaker:
            speaker = notebook.speaker_named(args.speaker)
            if speaker is None:
                raise UserError(f"no speaker named {args.speaker!r} in the notebook")
            filters = replace(filters, speaker_id=speaker.id)
        hits = search(notebook, args.query, filters, limit=args.limit)
    if args.json:
        print_json({"query": args.query, "fts": parse_query(args.query).fts,
                    "results": [h.as_json() for h in hits]})
        return 0
    if not hits:
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
    from workshop.review import coverage, duration, statistics

    with open_notebook(args) as notebook:
        records = [notebook.session_record(s.id) for s in sessions_for(notebook, args.target)]
    stats = statistics(records)
    topics = coverage(records)
    if args.json:
        print_json({**stats.as_json(), "coverage": [t.as_json() for t in topics]})
        return 0
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}{'' if n == 1 else 's'}"

    print(stats.statement)
    print(f"{count(len(records), 'meeting')}, {count(stats.interventions, 'intervention')} by "
          f"{count(stats.speakers, 'speaker')}, {duration(stats.seconds)} of speaking time")
    tables = (
        ("Speakers by category", stats.by_category),
        ("By regional group", stats.by_regional_group),
        ("By gender", stats.by_gender),
        ("Speaking time per question", stats.by_question),
    )
    for heading, tallies in tables:
        print(f"\n{heading}")
        for t in tallies:
            if t.interventions:
                print(f"  {t.label:<45} {count(t.speakers, 'speaker'):>12} "
                      f"{count(t.interventions, 'intervention'):>17} {duration(t.seconds):>9}")
    print("\nInterventions per meeting")
    for m in stats.by_meeting:
        print(f"  {m.date or '----------'}  {m.meeting or m.session_id[:8]:<30} "
              f"{count(m.interventions, 'intervention'):>17} {duration(m.seconds):>9}")
    for t in topics:
        print(f"\nCoverage of {t.topic.key} ({t.discussed_count} of {len(t.questions)} questions discussed)")
        for q in t.questions:
            print(f"  {q.question.ref:<8} {count(q.interventions, 'intervention'):>17} "
                  f"{count(q.findings, 'finding'):>12} {count(q.key_points, 'key point'):>13}"
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

    p = sub.add_parser("catalogue", help="the built-in programme")
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

    p = sub.add_parser("export", help="write a summary (md) or bundle (json)")
    p.add_argument("target", metavar="TARGET", help="session id or unique prefix, topic key, or all")
    p.add_argument("--format", choices=("md", "json"), help="md (default) or json (default for all)")
    p.add_argument("--attributed", action="store_true", help="name delegations in the key points")
    p.add_argument("--out", help="file to write (default: under exports/)")

    p = sub.add_parser("import", help="load a JSON bundle (idempotent)")
    p.add_argument("bundle", metavar="BUNDLE.json")

    sub.add_parser("check", help="integrity check of the notebook, list of backups")
    p = sub.add_parser("restore", help="put a backup back (the current file is kept aside)")
    p.add_argument("backup", metavar="BACKUP", help="a backup's file name (see `workshop check`) or a path")
    p = sub.add_parser("merge", help="fold a co-rapporteur's notebook in")
    p.add_argument("other", metavar="OTHER.db", help="the other notebook file (read, never written)")
    sub.add_parser("demo", help="fill the notebook with a realistic demo meeting (Workshop 3)")

    from workshop.records import EVIDENCE_LEVELS, FINDING_KINDS, SPEAKER_CATEGORIES
    from workshop.store.search import DEFAULT_LIMIT, RESULT_KINDS

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
    p.add_argument("--kind", action="append", choices=RESULT_KINDS, help="look only in these records (repeatable)")
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
        return COMMANDS[args.command](args)
    except (UserError, NotebookError) as error:
        print(f"workshop: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the notebook of the home folder."""
    from workshop.tui.app import make_app

    app = make_app(args.home)
    app.run()
    return app.return_code or 0
