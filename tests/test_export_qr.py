"""The QR hand-off: the card, the SVG beside an export, the terminal drawing, the sequence.

Codes are checked by decoding them with zbarimg (zbar-tools). zbarimg reads SVG only where
ImageMagick has an SVG delegate, so the test reads the modules back out of the SVG and writes a
PNG itself (zlib + struct): what is decoded is exactly what the SVG file draws.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from workshop.demo import fill_demo
from workshop.export.qr import (
    HANDOFF_HEADER,
    handoff_card,
    qr_half_blocks,
    qr_matrix,
    qr_svg,
    sequence_chunks,
    summary_qr_sequence,
)
from workshop.export.writer import write_summary

ZBARIMG = shutil.which("zbarimg")
needs_zbarimg = pytest.mark.skipif(ZBARIMG is None, reason="zbarimg (apt: zbar-tools) is not installed")


def svg_modules(svg: str) -> list[list[bool]]:
    """The dark modules an SVG from qr_svg draws, as a matrix (True is dark)."""
    width, height = (int(float(v)) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    matrix = [[False] * width for _ in range(height)]
    path = re.search(r'<path d="([^"]*)"', svg).group(1)
    for x, y in re.findall(r"M([\d.]+),([\d.]+)H", path):
        matrix[int(float(y))][int(float(x))] = True
    return matrix


def png(matrix: list[list[bool]], scale: int = 4) -> bytes:
    """A greyscale PNG of a module matrix, dark modules black."""
    rows = [bytes(0 if dark else 255 for dark in row for _ in range(scale)) for row in matrix]
    raw = b"".join(b"\x00" + row for row in rows for _ in range(scale))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    header = struct.pack(">IIBBBBB", len(matrix[0]) * scale, len(matrix) * scale, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def decode(matrix: list[list[bool]], folder: Path) -> str:
    """What a QR reader finds in the matrix (zbarimg ends its output with a newline)."""
    image = folder / "code.png"
    image.write_bytes(png(matrix))
    result = subprocess.run([ZBARIMG, "--raw", "-q", str(image)], capture_output=True, check=True, timeout=60)
    output = result.stdout.decode("utf-8")
    assert output.endswith("\n")
    return output[:-1]


def half_block_modules(drawing: str, *, dark_terminal: bool = True) -> list[list[bool]]:
    """The modules a half-block drawing shows (True is dark as the eye sees it)."""
    lit = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}
    matrix = []
    for line in drawing.split("\n"):
        pairs = [lit[ch] for ch in line]
        # On a dark terminal a block is lit (light); on a light terminal a block is ink (dark).
        matrix.append([top != dark_terminal for top, _ in pairs])
        matrix.append([bottom != dark_terminal for _, bottom in pairs])
    return matrix


# --- the card ---------------------------------------------------------------------------------


def test_handoff_card_is_one_label_and_value_a_line() -> None:
    card = handoff_card(
        topic="Workshop 3", meeting="1st\nmeeting", date="2015-04-15",
        counts={"interventions": 21, "key points": 12, "good practices": 5, "challenges": 5,
                "recommendations": 6}, file_name="W3.md", sha256="ab" * 32,
    )
    lines = card.split("\n")
    assert lines[0] == HANDOFF_HEADER
    assert lines[1:] == [
        "Topic: Workshop 3", "Meeting: 1st meeting", "Date: 2015-04-15", "Status: draft", "Interventions: 21",
        "Key points: 12", "Good practices: 5", "Challenges: 5", "Conclusions: 0", "Recommendations: 6",
        "File: W3.md", f"SHA-256: {'ab' * 32}",
    ]


def test_the_card_of_the_demo_fits_an_80_column_terminal_at_any_window_size(notebook, home: Path) -> None:
    from workshop.export.writer import written_card
    from workshop.tui.widgets.handoff import terminal_code

    session = fill_demo(notebook)
    summary, _ = write_summary(notebook, [session], home, form="notes")
    code = terminal_code(written_card(notebook, [session], summary))
    assert max(len(line) for line in code.split("\n")) <= 77


@needs_zbarimg
def test_the_qr_beside_an_export_decodes_to_its_card_and_hash(notebook, home: Path, tmp_path: Path) -> None:
    session = fill_demo(notebook)
    summary, image = write_summary(notebook, [session], home)
    card = decode(svg_modules(image.read_text(encoding="utf-8")), tmp_path)
    fields = dict(line.split(": ", 1) for line in card.split("\n")[1:])
    assert card.split("\n")[0] == HANDOFF_HEADER
    assert fields["SHA-256"] == hashlib.sha256(summary.read_bytes()).hexdigest()
    assert fields["File"] == summary.name
    assert fields["Topic"] == "Workshop 3"
    assert (fields["Meeting"], fields["Date"], fields["Status"]) == ("1st meeting", "2015-04-15", "draft")
    assert [fields[k] for k in ("Interventions", "Key points", "Good practices", "Challenges", "Conclusions",
                                "Recommendations")] == ["26", "12", "5", "5", "2", "6"]


@needs_zbarimg
def test_non_ascii_text_survives_the_code(tmp_path: Path) -> None:
    text = "Réunion: Côte d'Ivoire, 中文, Доха"
    assert decode(svg_modules(qr_svg(text)), tmp_path) == text


def test_svg_has_a_white_ground_and_no_external_references() -> None:
    svg = qr_svg("hand-off")
    assert svg.startswith("<svg") and 'fill="white"' in svg
    assert "http://www.w3.org/2000/svg" in svg and "href" not in svg


# --- the terminal drawing ---------------------------------------------------------------------


@pytest.mark.parametrize("dark_terminal", [True, False])
def test_half_blocks_draw_the_same_modules_with_a_quiet_zone(dark_terminal: bool) -> None:
    text = "Workshop 3 hand-off"
    matrix = qr_matrix(text)
    drawn = half_block_modules(qr_half_blocks(text, dark_terminal=dark_terminal), dark_terminal=dark_terminal)
    assert drawn[: len(matrix)] == matrix
    assert all(not any(row) for row in matrix[:4] + matrix[-4:])  # quiet zone, four modules deep
    assert all(not any(row[:4] + row[-4:]) for row in matrix)
    assert len(drawn) - len(matrix) in (0, 1)
    if len(drawn) > len(matrix):
        assert all(dark == dark_terminal for dark in drawn[-1])  # the padding half line is bare background


def test_on_a_dark_terminal_the_quiet_zone_is_drawn_lit() -> None:
    drawing = qr_half_blocks("x")
    assert set(drawing.split("\n")[0]) == {"█"}


@needs_zbarimg
def test_the_terminal_drawing_scans(tmp_path: Path) -> None:
    text = "Workshop 3 hand-off"
    assert decode(half_block_modules(qr_half_blocks(text)), tmp_path) == text


# --- the summary as a sequence of codes --------------------------------------------------------


def test_sequence_chunks_are_numbered_and_rejoin_to_the_text() -> None:
    text = "é" * 1000 + "Doha" * 700
    parts = sequence_chunks(text, chunk=900)
    total = len(parts)
    assert [p.split(" ", 1)[0] for p in parts] == [f"{n}/{total}" for n in range(1, total + 1)]
    assert "".join(p.split(" ", 1)[1] for p in parts) == text
    assert all(len(p.split(" ", 1)[1].encode("utf-8")) <= 900 for p in parts)


def test_sequence_chunk_too_large_for_one_code_is_refused() -> None:
    with pytest.raises(ValueError):
        sequence_chunks("x" * 5000, chunk=2331)


@needs_zbarimg
def test_sequence_codes_decode_in_order(tmp_path: Path) -> None:
    text = "Summary of deliberations. " * 30
    codes = summary_qr_sequence(text, chunk=300)
    decoded = [decode(svg_modules(svg), tmp_path) for svg in codes]
    assert "".join(part.split(" ", 1)[1] for part in decoded) == text
    assert decoded[0].startswith(f"1/{len(codes)} ")
