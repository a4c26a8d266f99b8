"""The command line loads only what the app's first screen needs before it shows it."""

from __future__ import annotations

import subprocess
import sys


def test_reading_the_command_line_does_not_load_the_search() -> None:
    # `workshop` reads its arguments at every start; the search's choices come from a small module
    # so that loading the search (its query parser and ranking) waits for the first Ctrl+F.
    code = ("import sys, workshop.cli as cli; cli.build_parser().parse_args(['--home', 'x']); "
            "print(sorted(m for m in sys.modules if m.startswith('workshop.store.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "workshop.store.search" not in loaded and "workshop.store.query" not in loaded


def test_a_merge_checks_topics_against_the_catalogue_without_loading_it(tmp_path) -> None:
    # The topic keys a merge allows are read from the programme file itself, so a merge does
    # not import the catalogue; they are the catalogue's keys.
    from workshop.catalogue import load_catalogue
    from workshop.store import Notebook
    from workshop.store.sync import topic_keys

    assert topic_keys() == frozenset(t.key for t in load_catalogue().topics)
    with Notebook.open(tmp_path / "other") as other:
        other.create_session("W3", meeting="1st meeting")
    Notebook.open(tmp_path / "mine").close()
    code = ("import sys; from pathlib import Path; from workshop.store import Notebook; "
            "from workshop.store.merge import merge_notebook; "
            f"nb = Notebook.open(Path({str(tmp_path / 'mine')!r})); "
            f"merge_notebook(nb, Path({str(tmp_path / 'other' / 'sessions' / 'notebook.db')!r})); "
            "print(nb.sessions()[0].topic, 'workshop.catalogue' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.split() == ["W3", "False"]


def test_a_summary_export_does_not_load_the_merge(tmp_path) -> None:
    # A bundle reads every row through the merge's module; a summary has no use for it.
    from workshop.store import Notebook

    with Notebook.open(tmp_path) as notebook:
        notebook.create_session("W3", meeting="1st meeting")
    code = ("import sys, workshop.cli as cli; "
            f"status = cli.main(['--home', {str(tmp_path)!r}, 'export', 'W3', '--out', {str(tmp_path / 'w3.md')!r}]); "
            "print(status, 'workshop.store.sync' in sys.modules, 'workshop.store.fold' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-3:] == ["0", "False", "False"]
    assert (tmp_path / "w3.md").is_file()


def test_a_summary_export_leaves_the_collector_as_it_found_it(tmp_path) -> None:
    # The export turns the collector off while it reads and writes, and back on after.
    import gc

    from workshop import cli
    from workshop.store import Notebook

    with Notebook.open(tmp_path) as notebook:
        notebook.create_session("W3", meeting="1st meeting")
    assert gc.isenabled()
    assert cli.main(["--home", str(tmp_path), "export", "W3", "--out", str(tmp_path / "w3.md")]) == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert cli.main(["--home", str(tmp_path), "export", "W3", "--out", str(tmp_path / "w3.md")]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
