"""After a crash: the note that was being typed, offered back with its speaker and question."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from workshop.catalogue import load_catalogue
from workshop.records import Draft, Session, Speaker
from workshop.store import Notebook
from workshop.tui.display import plain, speaker_name
from workshop.tui.screens.dialog import Dialog
from workshop.tui.screens.home import session_label


@dataclass(frozen=True)
class LostNote:
    """A draft described for the rapporteur."""

    session: str
    speaker: str
    questions: str
    text: str
    saved_at: str


def lost_note(notebook: Notebook, draft: Draft) -> LostNote:
    """Describe a draft: which session, who was speaking, which questions it was tagged with."""
    session = notebook.get(Session, draft.session_id)
    speaker = notebook.get(Speaker, draft.speaker_id) if draft.speaker_id else None
    catalogue = load_catalogue()
    questions = []
    for ref in draft.question_refs:
        question = catalogue.question(ref)
        questions.append(f"{ref}: {question.text}" if question else ref)
    return LostNote(
        session=session_label(session) if session else "(a deleted session)",
        speaker=speaker_name(speaker) if speaker else "(nobody had the floor)",
        questions="\n".join(questions) or "(no question tagged)",
        text=draft.text,
        saved_at=draft.updated_at[:19].replace("T", " ") + " UTC",
    )


class RecoveryScreen(Dialog[str | None]):
    """Offers a lost note back: open it in its session, keep it for later, or discard it."""

    # In a short window the dialog takes the whole height and the note the room left, so that
    # the buttons and the end of the note are always on the screen.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    DEFAULT_CSS = """
    RecoveryScreen { align: center middle; }
    RecoveryScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    RecoveryScreen.-short > Vertical { height: 100%; }
    RecoveryScreen .form-title { text-style: bold; }
    RecoveryScreen .field { color: $text-muted; margin-top: 1; }
    RecoveryScreen.-short .field { margin-top: 0; }
    RecoveryScreen #lost-questions-box { height: auto; max-height: 6; }
    RecoveryScreen.-short #lost-questions-box { max-height: 3; }
    RecoveryScreen #lost-text { height: auto; max-height: 10; border: round $primary; }
    RecoveryScreen.-short #lost-text { height: 1fr; min-height: 3; max-height: 100%; }
    RecoveryScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    RecoveryScreen Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("o,enter", "answer('open')", "Open it"),
        Binding("escape,l", "answer(None)", "Later"),
        Binding("x", "answer('discard')", "Discard"),
        # A modal screen does not pass keys on to the app's own bindings: F1 is bound here too.
        Binding("f1", "app.help", "Help", tooltip="The keys of this dialog"),
    ]
    HELP_TITLE = "Unsaved note"

    def __init__(self, note: LostNote) -> None:
        # Textual gives the size class on a resize only, and a dialog pushed just after start-up
        # gets none: given now, from the window's size.
        height = self.app.size.height
        super().__init__(classes=next(name for low, name in reversed(self.VERTICAL_BREAKPOINTS)
                                      if height >= low))
        self.note = note

    def compose(self) -> ComposeResult:
        note = self.note
        with Vertical():
            yield Static("An unsaved note was found", classes="form-title")
            yield Static("This note was being typed when the app last closed; it was never saved "
                         "as an intervention.", classes="hint")
            yield Static("Session", classes="field")
            yield Static(plain(note.session), id="lost-session")
            yield Static("Speaker", classes="field")
            yield Static(plain(note.speaker), id="lost-speaker")
            yield Static("Question", classes="field")
            with VerticalScroll(id="lost-questions-box"):
                yield Static(plain(note.questions), id="lost-questions")
            yield Static(f"Note (last saved {note.saved_at})", classes="field")
            with VerticalScroll(id="lost-text"):
                yield Static(plain(note.text), id="lost-note")
            with Horizontal():
                yield Button("Discard (x)", id="discard", compact=True, variant="error")
                yield Button("Later (Esc)", id="later", compact=True)
                yield Button("Open it (Enter)", id="open", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#open", Button))
        # The last words typed are the ones most likely lost: the note is shown to its end.
        self.call_after_refresh(self.query_one("#lost-text", VerticalScroll).scroll_end,
                                animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"open": "open", "discard": "discard"}.get(event.button.id or ""))

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
