"""Preview and export: the summary the export writes, attribution, files in exports/, the QR hand-off."""

from __future__ import annotations

from pathlib import Path

from test_tui_synthesis import app_for, demo_home, open_workspace, run_async, wait_for
from textual.pilot import Pilot
from textual.widgets import Static

from workshop.catalogue import load_catalogue
from workshop.export.writer import summary_text
from workshop.store import Notebook
from workshop.tui.screens.confirm import ConfirmScreen
from workshop.tui.screens.preview import Look, PreviewScreen, unreflected_notice
from workshop.tui.widgets.handoff import HandoffScreen, terminal_code
from workshop.tui.widgets.summary_view import SummaryView

W3 = load_catalogue().topic("W3")
STEM = "W3_1st-meeting_2015-04-15"


async def open_preview(pilot: Pilot, session_id: str, *, from_workspace: bool = False) -> PreviewScreen:
    """The preview: by Ctrl+E from the workspace, or (quicker) straight from the sessions."""
    if from_workspace:
        await open_workspace(pilot, session_id)
        await pilot.press("ctrl+e")
    else:
        await pilot.pause()
        pilot.app.push_screen(PreviewScreen(session_id))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PreviewScreen), "preview")
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.render_seconds is not None, "the summary drawn")
    return screen


async def export(pilot: Pilot, screen: PreviewScreen, key: str = "e") -> HandoffScreen:
    before = screen.last_export
    await pilot.press(key)
    await wait_for(pilot, lambda: screen.last_export is not before, "the export")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HandoffScreen) and pilot.app.screen.is_mounted,
                   "the hand-off card")
    return pilot.app.screen


def exported(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "exports").iterdir())


@run_async
async def test_preview_toggle_and_export_never_overwriting(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_preview(pilot, session_id, from_workspace=True)
        record = app.notebook.session_record(session_id)
        # The report the export writes, its proceedings from the session's details, in the Markdown widget.
        source = screen.query_one("#summary-scroll", SummaryView).source
        assert source == screen.source == summary_text(W3, [record])
        assert "## Summary of deliberations" in source
        assert "1. At its 4th to 6th meetings, on 15 and 16 April 2015, Committee I held the workshop" in source
        assert "Statements were made by the representatives of Brazil, Egypt" in source
        assert "Several speakers" in source and "The representative" not in source

        await pilot.press("a")  # attributed: the delegations are named
        await wait_for(pilot, lambda: "Internal note" in screen.source, "the attributed summary")
        assert screen.source == summary_text(W3, [record], attributed=True)
        assert "The representative" in screen.source and "Several speakers" not in screen.source
        await wait_for(pilot, lambda: not screen.query_one("#summary-scroll").loading, "drawn")

        handoff = await export(pilot, screen)
        assert handoff.heading == "Exported"
        assert not any(STEM in n.message for n in app._notifications)  # no toast over the card
        summary = home / "exports" / f"{STEM}.md"
        assert exported(home) == [f"{STEM}.md", f"{STEM}.qr.svg"]
        assert summary.read_text(encoding="utf-8") == screen.source
        assert [str(p) for p in handoff.paths] == [str(summary), str(home / "exports" / f"{STEM}.qr.svg")]
        qr = handoff.query_one("#handoff-qr", Static).content
        assert set(str(qr)) <= {"▀", "▄", "█", " ", "\n"} and {"▀", "▄"} <= set(str(qr))
        assert f"File: {STEM}.md" in handoff.card
        await pilot.press("escape")
        status = screen.query_one("#preview-status", Static).content.plain
        assert f"exports/{STEM}.md" in status and f"exports/{STEM}.qr.svg" in status

        # The same summary again: the file is kept as it is, nothing new.
        handoff = await export(pilot, screen)
        assert screen.last_export.kept and exported(home) == [f"{STEM}.md", f"{STEM}.qr.svg"]
        assert handoff.heading == "Already exported (unchanged)"
        await pilot.press("escape")

        # A different summary: a -2 file beside the first, which is left untouched.
        first = summary.read_bytes()
        await pilot.press("a")
        await wait_for(pilot, lambda: "Internal note" not in screen.source, "the summary for the report")
        await export(pilot, screen)
        assert exported(home) == [f"{STEM}-2.md", f"{STEM}-2.qr.svg", f"{STEM}.md", f"{STEM}.qr.svg"]
        assert summary.read_bytes() == first
        assert (home / "exports" / f"{STEM}-2.md").read_text(encoding="utf-8") == screen.source
        await pilot.press("escape")

        # Replacing the file of the same name only after saying yes.
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        assert app.screen is screen and summary.read_bytes() == first
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        handoff = await export(pilot, screen, "y")
        assert screen.last_export.replaced and screen.last_export.paths[0] == summary
        assert handoff.heading == "Replaced"
        assert summary.read_text(encoding="utf-8") == screen.source
        assert len(exported(home)) == 4


@run_async
async def test_hand_off_fits_80_columns(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot, session_id)
        handoff = await export(pilot, screen)
        qr = handoff.query_one("#handoff-qr", Static)
        lines = str(qr.content).split("\n")
        assert qr.region.width == len(lines[0]) <= 80 and qr.region.right <= 80  # never wrapped
        assert qr.region.height == len(lines)
        assert "scroll" in str(handoff.query_one("#handoff-tall", Static).content)  # 24 lines: it says so
        # The code drawn is the card's, made with the export (not at the key that shows it).
        assert str(qr.content) == screen.last_export.code == terminal_code(handoff.card)


@run_async
async def test_user_text_in_the_preview_is_literal(home: Path) -> None:
    session_id = demo_home(home)
    with Notebook.open(home) as notebook:
        interventions = notebook.interventions(session_id)[:3]
        notebook.add_key_point(session_id, "W3.Q.h", "[bold]x[/bold] and [@click=app.quit]z[/]",
                               tuple(i.id for i in interventions))
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_preview(pilot, session_id)
        drawn = [line.content.plain for line in screen.query_one("#summary-scroll", SummaryView).lines]
        assert any("[bold]x[/bold] and [@click=app.quit]z[/]" in line for line in drawn)
        assert app.is_running

        # An export that cannot be written is one line, and the screen carries on.
        (home / "exports").write_text("a file where the folder should be")
        await pilot.press("e")
        await wait_for(pilot, lambda: any("cannot be" in n.message for n in app._notifications), "the error")
        assert app.screen is screen and screen.last_export is None


@run_async
async def test_the_preview_switches_between_the_report_and_the_notes(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_preview(pilot, session_id)
        bar = screen.query_one("#preview-bar", Static)
        assert "Preview: report, not attributed" in bar.content.plain
        report = screen.source

        await pilot.press("f")
        await wait_for(pilot, lambda: screen.look.form == "notes" and screen.render_seconds is not None, "the notes")
        assert "Preview: rapporteur's notes" in bar.content.plain
        notes = screen.source
        record = app.notebook.session_record(session_id)
        assert report == summary_text(W3, [record]) and notes == summary_text(W3, [record], form="notes")
        assert notes != report and "### Question (b)" in notes and "### Question (b)" not in report
        status = screen.query_one("#preview-status", Static).content.plain
        assert f"exports/{STEM}_notes.md" in status  # the notes have a file of their own
        await pilot.press("a")  # the notes always name the delegations: nothing changes
        assert screen.look == Look("notes") and screen.source == notes
        assert any("notes always name the delegations" in n for n in (m.message for m in app._notifications))

        # What the notes' export writes is what the preview shows.
        await export(pilot, screen)
        written = screen.last_export.paths[0]
        assert written.name == f"{STEM}_notes.md" and written.read_text(encoding="utf-8") == notes
        await pilot.press("escape")

        await pilot.press("f")
        await wait_for(pilot, lambda: screen.look.form == "report" and screen.source == report, "the report again")
        assert "Preview: report, not attributed" in bar.content.plain
        await export(pilot, screen)  # and the report's export, beside the notes
        assert screen.last_export.paths[0].read_text(encoding="utf-8") == report
        assert exported(home) == [f"{STEM}.md", f"{STEM}.qr.svg", f"{STEM}_notes.md", f"{STEM}_notes.qr.svg"]


@run_async
async def test_the_preview_says_which_interventions_no_key_point_reflects(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_preview(pilot, session_id)
        # Every statement of the demo is behind a key point: nothing to say.
        assert not screen.query_one("#unreflected-box").display
        await pilot.press("escape")

        brazil = next(s for s in app.notebook.speakers() if s.delegation == "Brazil")
        late = "2015-04-15T12:00:00.000000+00:00"
        for refs in (("W3.Q.b", "W3.Q.h"), ("W3.Q.b", "W3.Q.h"), ("W3.Q.i",)):
            app.notebook.record_intervention(session_id, brazil.id, "Unlinked.", question_refs=refs, started_at=late)
        order = app.notebook.record_intervention(session_id, brazil.id, "Point of order.", started_at=late)
        app.notebook.update(order, kind="point of order")  # answers no question: never counted
        screen = await open_preview(pilot, session_id)
        box = screen.query_one("#unreflected-box")
        said = screen.query_one("#unreflected-box", SummaryView).source
        assert box.display and box.region.height <= 4 and box.region.bottom < 24
        assert said.startswith("3 interventions are reflected in no key point:")
        assert "2 by Mr. Paulo Mendes (Brazil) on questions (b) and (h)" in said
        assert "1 by Mr. Paulo Mendes (Brazil) on question (i)" in said


@run_async
async def test_the_preview_reads_what_the_export_reads_and_no_intervention_text(home: Path, monkeypatch) -> None:
    from workshop.export.reflected import pending_lines
    from workshop.records import Session
    from workshop.store.floor import summary_sources

    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        brazil = next(s for s in app.notebook.speakers() if s.delegation == "Brazil")
        app.notebook.record_intervention(session_id, brazil.id, "Unlinked.", question_refs=("W3.Q.b",),
                                         started_at="2015-04-15T12:00:00.000000+00:00")
        await pilot.pause()

        def no_text(*args, **kwargs):
            raise AssertionError("the preview read every intervention with its text")

        # The two ways the store hands out interventions with their text.
        monkeypatch.setattr(Notebook, "session_record", no_text)
        monkeypatch.setattr(Notebook, "interventions", no_text)
        screen = await open_preview(pilot, session_id)
        said = screen.query_one("#unreflected-box", SummaryView).source
        sources = summary_sources(app.notebook, [app.notebook.get(Session, session_id)])
        lines = pending_lines(sources.floor, W3)  # what `workshop export` says on stderr
        assert lines[0] == "1 intervention is reflected in no key point:"
        assert said == unreflected_notice(lines).plain
        await export(pilot, screen)
        assert screen.last_export.paths[0].read_text(encoding="utf-8") == screen.source


@run_async
async def test_the_preview_is_first_laid_out_with_its_summary_or_says_it_is_being_prepared(home: Path,
                                                                                         monkeypatch) -> None:
    """The screen waits a moment for the summary before its first layout, so it is never laid out
    empty and then again; a summary that takes longer comes after "Preparing the summary…"."""
    session_id = demo_home(home)
    for wait, first_drawn in ((5.0, True), (0.0, False)):
        monkeypatch.setattr(PreviewScreen, "FIRST_WAIT_S", wait)
        app = app_for(home)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            screen = PreviewScreen(session_id)
            drawn: list[bool] = []  # whether the summary had its lines, at each layout of the screen
            layout = screen._refresh_layout

            def counted(*args, **kwargs):
                drawn.append(screen.query_one("#summary-scroll", SummaryView).drawn)
                return layout(*args, **kwargs)

            screen._refresh_layout = counted
            app.push_screen(screen)
            await wait_for(pilot, lambda: screen.render_seconds is not None, "the summary drawn")
            assert drawn[0] is first_drawn, wait
            assert screen.source == summary_text(W3, [app.notebook.session_record(session_id)])
            view = screen.query_one("#summary-scroll", SummaryView)
            assert view.lines and view.wrap_width in view.room()[:2]  # made before the layout, for its room


def test_the_preview_makes_its_summary_without_loading_the_qr_code(tmp_path: Path) -> None:
    """The QR code's library is loaded by an export, not by the preview's first summary."""
    import subprocess
    import sys

    session_id = demo_home(tmp_path)
    script = (
        "import sys\nfrom workshop.store import Notebook\nfrom workshop.records import Session\n"
        "from workshop.export.writer import summary_topic\nfrom workshop.store.floor import summary_sources\n"
        "from workshop.tui.screens.preview import Look, summary_in_form\n"
        f"notebook = Notebook.open({str(tmp_path)!r})\nsession = notebook.get(Session, {session_id!r})\n"
        "text = summary_in_form(summary_topic([session]), summary_sources(notebook, [session]), Look())\n"
        "print(bool(text), 'qrcode' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent)
    assert run.stdout.splitlines()[-1] == "True False"


@run_async
async def test_the_preview_is_styled_as_mounted_not_again_as_first_shown(home: Path, monkeypatch) -> None:
    from textual.css.stylesheet import Stylesheet

    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        styled = []
        apply = Stylesheet.apply
        monkeypatch.setattr(Stylesheet, "apply", lambda self, node, **kw: styled.append(node) or apply(self, node, **kw))
        screen = await open_preview(pilot, session_id)
        assert styled.count(screen) == 1
        assert styled.count(screen.query_one("#preview-bar")) == 1


@run_async
async def test_opening_the_preview_lays_it_out_twice_and_the_workspace_below_not_at_all(home: Path,
                                                                                         monkeypatch) -> None:
    """Once with the summary, its scrollbars and the status; once more as the keys line and the
    scrollbars take their sizes. Textual's own Resize of a new screen laid it out a third time, and
    the workspace hidden below it."""
    from textual.screen import Screen

    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_workspace(pilot, session_id)
        await pilot.pause()
        laid_out: list[str] = []
        layout = Screen._refresh_layout
        monkeypatch.setattr(Screen, "_refresh_layout",
                            lambda self, *a, **k: laid_out.append(type(self).__name__) or layout(self, *a, **k))
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen), "preview")
        screen = app.screen
        await wait_for(pilot, lambda: screen.render_seconds is not None, "the summary drawn")
        for _ in range(3):
            await pilot.pause()
        assert laid_out == ["PreviewScreen", "PreviewScreen"]
        assert screen.query_one("#summary-scroll", SummaryView).show_vertical_scrollbar
        # A window of another size: laid out again, the summary wrapped for it.
        await pilot.resize_terminal(80, 32)
        await wait_for(pilot, lambda: screen.query_one("#summary-scroll", SummaryView).wrap_width < 90, "rewrapped")
