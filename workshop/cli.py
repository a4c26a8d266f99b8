"""The `workshop` command: the app, and every job a secretariat may want to script."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
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
                "objectives": [asdict(o) for o in t.objectives],
                "questions": [asdict(q) for q in t.questions],
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
        print_json({"sessions": [{**asdict(s), "interventions": counts.get(s.id, 0)} for s in sessions]})
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
            from workshop.export.writer import write_summary

            paths = write_summary(notebook, sessions, args.home, out=args.out, attributed=args.attributed)
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
        counts = import_bundle(notebook, Path(args.bundle))
    print(f"{args.bundle}: {counts}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Verify the notebook's integrity."""
    with open_notebook(args) as notebook:
        result = notebook.db.execute("PRAGMA integrity_check").fetchone()[0]
        path = notebook.path
    if result != "ok":
        raise UserError(f"{path}: integrity check failed ({result}); restore a backup with `workshop restore`")
    print(f"{path}: ok")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "catalogue": cmd_catalogue,
    "sessions": cmd_sessions,
    "new": cmd_new,
    "export": cmd_export,
    "import": cmd_import,
    "check": cmd_check,
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
