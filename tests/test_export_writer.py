"""Writing summaries to exports/: names, never replacing a file silently, the QR beside, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.demo import fill_demo
from workshop.export.writer import ExportError, document, qr_path, write_summary


def test_a_session_summary_is_named_by_topic_meeting_and_date(notebook, home: Path) -> None:
    session = fill_demo(notebook)
    summary, image = write_summary(notebook, [session], home)
    assert summary == home / "exports" / "W3_1st-meeting_2015-04-15.md"
    assert image == home / "exports" / "W3_1st-meeting_2015-04-15.qr.svg"
    assert summary.read_text(encoding="utf-8").startswith("Agenda item 5\n")
    assert sorted(p.name for p in summary.parent.iterdir()) == [summary.name, image.name]  # no .part left


def test_a_topic_summary_is_named_by_topic(notebook, home: Path) -> None:
    sessions = [fill_demo(notebook), fill_demo(notebook, "demo-2", meeting="2nd meeting", date="2015-04-16")]
    summary, _ = write_summary(notebook, sessions, home)
    assert summary.name == "W3_summary.md"


def test_the_same_summary_again_keeps_the_file(notebook, home: Path) -> None:
    session = fill_demo(notebook)
    first = write_summary(notebook, [session], home)
    again = write_summary(notebook, [session], home)
    assert again == first
    assert len(list((home / "exports").iterdir())) == 2


def test_a_changed_summary_never_replaces_the_earlier_file(notebook, home: Path) -> None:
    session = fill_demo(notebook)
    summary, image = write_summary(notebook, [session], home)
    before = summary.read_bytes()
    notebook.add_finding(session.id, "recommendation", "One more recommendation")
    second, second_image = write_summary(notebook, [session], home)
    third, _ = write_summary(notebook, [session], home, attributed=True)
    assert (second.name, second_image.name) == ("W3_1st-meeting_2015-04-15-2.md", "W3_1st-meeting_2015-04-15-2.qr.svg")
    assert third.name == "W3_1st-meeting_2015-04-15-3.md"
    assert summary.read_bytes() == before
    assert "One more recommendation" in second.read_text(encoding="utf-8")


def test_a_name_whose_qr_is_left_over_is_skipped(notebook, home: Path) -> None:
    session = fill_demo(notebook)
    (home / "exports").mkdir()
    (home / "exports" / "W3_1st-meeting_2015-04-15.qr.svg").write_text("someone else's card")
    summary, _ = write_summary(notebook, [session], home)
    assert summary.name == "W3_1st-meeting_2015-04-15-2.md"


def test_overwrite_replaces_the_default_file(notebook, home: Path) -> None:
    session = fill_demo(notebook)
    summary, _ = write_summary(notebook, [session], home)
    notebook.add_finding(session.id, "challenge", "A late challenge")
    again, image = write_summary(notebook, [session], home, overwrite=True)
    assert again == summary and "A late challenge" in summary.read_text(encoding="utf-8")
    assert image.exists()


def test_an_explicit_out_path_is_written_as_named(notebook, home: Path, tmp_path: Path) -> None:
    session = fill_demo(notebook)
    target = tmp_path / "for the secretariat" / "workshop3.md"
    target.parent.mkdir()
    target.write_text("old")
    with pytest.raises(ExportError, match="not an export of workshop; add --force"):
        write_summary(notebook, [session], home, out=target)
    assert target.read_text() == "old"
    summary, image = write_summary(notebook, [session], home, out=target, force=True)
    assert (summary, image) == (target, target.parent / "workshop3.qr.svg")
    assert target.read_text(encoding="utf-8").startswith("Agenda item 5\n")
    assert qr_path(Path("notes")) == Path("notes.qr.svg")


def test_sessions_of_two_topics_make_no_summary(notebook, home: Path) -> None:
    other = notebook.create_session("W1", meeting="1st meeting")
    with pytest.raises(ExportError, match="one topic"):
        write_summary(notebook, [fill_demo(notebook), other], home)


def test_an_unwritable_place_is_one_clear_error(notebook, home: Path, tmp_path: Path) -> None:
    session = fill_demo(notebook)
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ExportError, match="cannot be"):
        write_summary(notebook, [session], home, out=tmp_path / "a-file" / "summary.md")


# --- the command line -------------------------------------------------------------------------


def test_cli_demo_then_export_writes_summary_and_qr(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "demo"]) == 0
    session_id = capsys.readouterr().out.strip()
    assert main(["--home", str(home), "demo"]) == 0
    assert capsys.readouterr().out.strip() == session_id
    assert main(["--home", str(home), "export", "W3"]) == 0
    printed = capsys.readouterr().out.split()
    exports = home / "exports"
    assert printed == [str(exports / "W3_1st-meeting_2015-04-15.md"), str(exports / "W3_1st-meeting_2015-04-15.qr.svg")]
    assert all(Path(p).is_file() for p in printed)


def test_cli_export_error_is_one_line(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "demo"]) == 0
    (tmp_path / "a-file").write_text("")
    assert main(["--home", str(home), "export", "W3", "--out", str(tmp_path / "a-file" / "x.md")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("workshop: ") and error.count("\n") == 1


def test_the_installed_command_runs_demo_and_export(home: Path) -> None:
    env = {**os.environ, "WORKSHOP_HOME": str(home)}
    run = [sys.executable, "-m", "workshop"]
    demo = subprocess.run([*run, "demo"], capture_output=True, text=True, env=env, check=True, timeout=60)
    export = subprocess.run([*run, "export", demo.stdout.strip()[:8]], capture_output=True, text=True, env=env,
                            check=True, timeout=60)
    summary, image = (Path(line) for line in export.stdout.splitlines())
    assert summary.suffix == ".md" and image.name.endswith(".qr.svg") and summary.parent == home / "exports"
    assert export.stderr == ""


@pytest.mark.parametrize("sizes", [[], [0], [5, 0, 7], [70_000], [65_535, 1, 0, 65_536, 3], [30_000] * 9])
def test_the_document_is_its_blocks_joined_whatever_their_sizes(sizes: list[int]) -> None:
    # Made some 64 KB at a time: no block lost, doubled or cut at the seams.
    parts = [f"{n}é" + "x" * size for n, size in enumerate(sizes)]
    assert b"".join(document(iter(parts))) == ("\n\n".join(parts) + "\n").encode("utf-8")
