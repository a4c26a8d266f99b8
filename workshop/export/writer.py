"""Writing a summary to disk: the Markdown file and, beside it, the QR hand-off card as SVG.

The one module of `export/` that takes a Notebook: it has the store read what the summary needs
(`workshop.store.floor`: the records without their interventions, and the floor's tally), the pure
renderers turn that into blocks of text, and each block goes to a temporary file beside the
summary as it is made, so the document is never held whole. The file is then put in place whole
(`os.replace`, or a link for a new name).

Names and overwriting:
- default path `exports/<stem>.md`, stem from topic, meeting and date (a topic export: topic +
  "summary"). An existing file is never replaced: if it already holds exactly this summary it is
  kept as it is, otherwise the next free name `<stem>-2.md`, `<stem>-3.md`, ... is used.
- `out=PATH`: the user named the file, so it is written there, replacing an earlier export; a
  file that is not an export of ours only with `force`, and never the notebook, its -wal or
  -shm, a backup, any SQLite file or anything under sessions/.
- `overwrite=True`: the default path is replaced instead of numbered (for "export again").
The QR image is `<md stem>.qr.svg` beside the Markdown file and follows the same name. It is
put in place first, so a summary is never found without its card; each file is written to a
temporary file in the same folder, flushed to disk, then renamed (or linked, for a new name).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from workshop.catalogue import Topic, load_catalogue
from workshop.export.names import safe_stem
from workshop.export.floor import FloorTally
from workshop.export.forms import render, summary_parts
from workshop.export.report import report_counts
from workshop.records import Session, SessionRecord

MAX_NUMBERED = 999  # beyond this many copies of one summary something else is wrong


class ExportError(Exception):
    """An export that cannot be written, said in one line."""


def summary_stem(sessions: Sequence[Session], form: str = "report") -> str:
    """The file name stem: topic, meeting and date for one session; topic + "summary" for several.

    The notes get a name of their own, so exporting both forms keeps both files.
    """
    first = sessions[0]
    stem = safe_stem(first.topic, first.meeting, first.date) if len(sessions) == 1 else \
        safe_stem(first.topic, "summary")
    return stem + ("_notes" if form == "notes" else "")


def meeting_and_date(sessions: Sequence[Session]) -> tuple[str, str]:
    """What the hand-off card says for the meeting and the date."""
    if len(sessions) == 1:
        return sessions[0].meeting or "-", sessions[0].date or "-"
    dates = sorted(s.date for s in sessions if s.date)
    span = f"{dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else (dates[0] if dates else "-")
    return f"{len(sessions)} meetings", span


def qr_path(summary_path: Path) -> Path:
    """Where the QR image of a summary goes: beside it, `<stem>.qr.svg`."""
    if summary_path.suffix.lower() == ".md":
        return summary_path.with_suffix(".qr.svg")
    return summary_path.with_name(summary_path.name + ".qr.svg")


def write_summary(
    notebook, sessions: Sequence[Session], home: Path, *, out: Path | str | None = None,
    attributed: bool = False, overwrite: bool = False, force: bool = False, form: str = "report",
    list_of_speakers: bool = False, sources=None,
) -> list[Path]:
    """Render the sessions' summary, write it and its QR hand-off; return [summary, QR image].

    `sources`: what `workshop.store.floor.summary_sources` read of these sessions, if the caller
    has it already.
    """
    if not sessions:
        raise ExportError("there are no sessions to summarize")
    topic = summary_topic(sessions)
    if out is not None:
        for target in (Path(out), qr_path(Path(out))):
            check_output(target, home, force=force)
    if sources is None:
        from workshop.store.floor import summary_sources

        sources = summary_sources(notebook, sessions)
    records, floor = sources
    parts = summary_parts(topic, records, floor, form=form, attributed=attributed, list_of_speakers=list_of_speakers)

    def card_for(path: Path, sha256: str) -> bytes:
        from workshop.export.qr import qr_svg  # the QR code's library, only where a card is drawn

        return qr_svg(summary_card(topic, sessions, records, path.name, sha256, floor)).encode("utf-8")

    if out is None:
        stem = summary_stem(sessions, form)
        return list(place_summary(Path(home) / "exports", stem, document(parts), card_for, overwrite=overwrite))
    path = Path(out)
    draft = _written_beside(path, document(parts))
    try:
        # The card first: a summary is never found without its card, even if this is cut off between.
        write_atomically(qr_path(path), card_for(path, draft.sha256))
        _put_in_place(draft, path)
    finally:
        Path(draft.path).unlink(missing_ok=True)
    return [path, qr_path(path)]


def document(parts: Iterable[str]) -> Iterator[bytes]:
    """The bytes of the summary from its blocks: a blank line between them, a newline at the end.

    The same bytes as `summary_text(...).encode("utf-8")`, made some 64 KB at a time (the 26,000
    blocks of a summary at 100,000 each hashed and written on its own cost twice as much).
    """
    pieces: list[str] = []
    held = 0
    between = ""
    for part in parts:
        pieces += (between, part)
        between = "\n\n"
        held += len(part)
        if held >= 1 << 16:
            yield "".join(pieces).encode("utf-8")
            pieces, held = [], 0
    pieces.append("\n")
    yield "".join(pieces).encode("utf-8")


def check_output(path: Path, home: Path, *, force: bool = False) -> None:
    """Refuse an export path that is the notebook, its -wal or -shm, a backup, anything under
    sessions/, any SQLite file; or (without `force`) an existing file that is not an export of ours."""
    target = Path(path).resolve()  # through any link: a link to the notebook is the notebook
    sessions = (Path(home) / "sessions").resolve()
    if target == sessions or sessions in target.parents:
        raise ExportError(f"{path}: is in the notebook's folder {sessions}; an export is never written there")
    if _is_sqlite(target) or any(
        target.name.endswith(suffix) and _is_sqlite(target.with_name(target.name.removesuffix(suffix)))
        for suffix in ("-wal", "-shm", "-journal")
    ):
        raise ExportError(f"{path}: is a notebook, a backup or another SQLite file; an export never replaces one")
    if target.is_dir():
        raise ExportError(f"{path}: is a folder; give the name of the file to write")
    if target.exists() and not force and not is_our_export(target):
        raise ExportError(f"{path}: already exists and is not an export of workshop; add --force to replace it")


def _is_sqlite(path: Path) -> bool:
    from workshop.store.files import is_held

    if is_held(path):  # the notebook this process has open: never opened directly (see store.files)
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def is_our_export(path: Path) -> bool:
    """True for a file an export of workshop wrote: a summary with its QR card, a card, a bundle."""
    try:
        if path.stat().st_size > 512 * 1024 * 1024:
            return False
        head = path.read_bytes()[:4096]
    except OSError:
        return False
    if head.startswith(b"<svg") and b'<rect fill="white"' in head:
        return True  # the QR card's SVG as qrcode's path image writes it
    if head.lstrip().startswith(b"{"):
        from workshop.export.bundle import BUNDLE_FORMAT

        return f'"format": "{BUNDLE_FORMAT}"'.encode() in head
    return qr_path(path).is_file() and is_our_export(qr_path(path))  # a summary beside its card


def summary_text(
    topic: Topic, records: Sequence[SessionRecord], *, attributed: bool = False, form: str = "report",
    list_of_speakers: bool = False,
) -> str:
    """The summary exactly as it is exported, and as the app previews it (`form`: report or notes)."""
    return render(topic, records, form=form, attributed=attributed, list_of_speakers=list_of_speakers)


def written_card(notebook, sessions: Sequence[Session], path: Path) -> str:
    """The hand-off card of a summary already written at `path` (what its QR image carries)."""
    from workshop.store.floor import summary_sources

    records, floor = summary_sources(notebook, sessions)
    sha256 = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return summary_card(summary_topic(sessions), sessions, records, Path(path).name, sha256, floor)


def summary_topic(sessions: Sequence[Session]) -> Topic:
    """The catalogue topic all the sessions belong to."""
    keys = {s.topic for s in sessions}
    if len(keys) > 1:
        raise ExportError(f"a summary covers one topic; these sessions belong to {', '.join(sorted(keys))}")
    topic = load_catalogue().topic(sessions[0].topic)
    if topic is None:
        raise ExportError(f"topic {sessions[0].topic!r} is not in the catalogue")
    return topic


def summary_card(
    topic: Topic, sessions: Sequence[Session], records: Sequence[SessionRecord], file_name: str, sha256: str,
    floor: FloorTally | None = None,
) -> str:
    """The hand-off card for a written summary (`floor`: the records' tally, if they hold no interventions)."""
    from workshop.export.qr import handoff_card

    meeting, date = meeting_and_date(sessions)
    final = all(s.status == "final" for s in sessions)
    return handoff_card(
        topic=topic.label, meeting=meeting, date=date, counts=report_counts(records, floor),
        file_name=file_name, sha256=sha256, status="final" if final else "draft",
    )


def place_summary(
    folder: Path, stem: str, content: Iterable[bytes], card_for: Callable[[Path, str], bytes], *, overwrite: bool,
) -> tuple[Path, Path]:
    """Write the summary and its card under a name that replaces nothing (unless `overwrite`)."""
    ensure_exports(folder)
    draft = _written_beside(folder / f"{stem}.md", content)
    try:
        for n in range(1, MAX_NUMBERED + 1):
            path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
            if overwrite or same_content(path, draft):
                write_atomically(qr_path(path), card_for(path, draft.sha256))
                _put_in_place(draft, path)
                return path, qr_path(path)
            if qr_path(path).exists() or path.exists():
                continue  # another summary, or a QR card of one: keep the pair together
            card = qr_path(path)
            if not publish_new(card, card_for(path, draft.sha256)):
                continue
            if _link_new(draft.path, path):
                return path, card
            card.unlink(missing_ok=True)  # another export took the name in between
    finally:
        Path(draft.path).unlink(missing_ok=True)
    raise ExportError(f"{folder}: {MAX_NUMBERED} summaries named {stem} already; move some away")


def same_content(path: Path, draft: Draft) -> bool:
    """True when the file exists and already holds exactly what the draft holds."""
    try:
        if path.stat().st_size != draft.size:
            return False
        with path.open("rb") as existing, open(draft.path, "rb") as written:
            while True:
                block = existing.read(1 << 16)
                if block != written.read(1 << 16):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def publish_new(path: Path, content: bytes) -> bool:
    """Write a file whole under a name nobody has taken (False if taken): never an empty file there."""
    draft = _written_beside(path, [content])
    try:
        return _link_new(draft.path, path)
    finally:
        Path(draft.path).unlink(missing_ok=True)


def _link_new(temporary: str, path: Path) -> bool:
    """Give a written temporary file a name nobody has taken (False if taken)."""
    try:
        os.link(temporary, path)  # atomic, and fails if the name exists: two exports never share one
    except FileExistsError:
        return False
    except OSError as error:
        raise ExportError(f"{path}: cannot be written ({error.strerror or error})") from None
    _sync_folder(path.parent)
    return True


def ensure_exports(folder: Path) -> None:
    """Create the exports folder, or say in one line why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"{folder}: cannot be created ({error.strerror or error})") from None


def write_atomically(path: Path, content: bytes) -> None:
    """Write a whole file or nothing: a temporary file beside it, flushed, then renamed over it."""
    draft = _written_beside(path, [content])
    try:
        _put_in_place(draft, path)
    finally:
        Path(draft.path).unlink(missing_ok=True)


class Draft(NamedTuple):
    """A file written in full under a temporary name beside where it goes."""

    path: str
    size: int
    sha256: str


def _put_in_place(draft: Draft, path: Path) -> None:
    """Rename a draft over `path`: the old file or the new one, never a part of either."""
    try:
        os.replace(draft.path, path)
    except OSError as error:
        raise ExportError(f"{path}: cannot be written ({error.strerror or error})") from None
    _sync_folder(path.parent)


def _written_beside(path: Path, content: Iterable[bytes]) -> Draft:
    """A temporary file in the same folder holding `content` (written as it comes), on disk (fsync),
    readable by all."""
    ensure_exports(path.parent)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise ExportError(f"{path}: cannot be written ({error.strerror or error})") from None
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(handle, "wb", buffering=1 << 16) as stream:
            for block in content:
                digest.update(block)
                size += len(block)
                stream.write(block)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is meant to be shared
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot be written ({error.strerror or error})") from None
    except BaseException:  # the summary could not be made: no half-written file is left behind
        Path(temporary).unlink(missing_ok=True)
        raise
    return Draft(temporary, size, digest.hexdigest())


def _sync_folder(folder: Path) -> None:
    """Put the folder's new entry on disk too, so a power cut after "written" keeps the name."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not every platform opens a folder for fsync
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
