"""The QR hand-off: a short card naming the exported file and its SHA-256, as a QR code.

Drawn as SVG for the file beside the export and with half blocks for the terminal; no network.
"""

from __future__ import annotations

from collections.abc import Mapping

import qrcode
import qrcode.constants
import qrcode.image.svg

HANDOFF_HEADER = "Rapporteur's summary hand-off"
QUIET_ZONE = 4  # modules of light margin the QR standard asks for around the code
# The counts the card carries, one line each, in the order of the report's sections.
CARD_COUNTS = ("interventions", "key points", "good practices", "challenges", "conclusions", "recommendations")
SEQUENCE_CHUNK = 2300  # bytes per code in a sequence; version 40 at level M holds 2331
_CAPACITY_M = 2331  # bytes in one version-40 code at error correction M

# Half blocks by (top is light, bottom is light).
_HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def handoff_card(
    *, topic: str, meeting: str, date: str, counts: Mapping[str, int], file_name: str, sha256: str,
    status: str = "draft",
) -> str:
    """The hand-off card's text: one "Label: value" per line, short enough for one code.

    Every section is counted (CARD_COUNTS), a missing count as 0, so the secretariat can check the
    file against what the rapporteur signed off.
    """
    lines = [
        HANDOFF_HEADER,
        f"Topic: {topic}",
        f"Meeting: {meeting}",
        f"Date: {date}",
        f"Status: {status}",
        *(f"{name.capitalize()}: {counts.get(name, 0)}" for name in CARD_COUNTS),
        f"File: {file_name}",
        f"SHA-256: {sha256}",
    ]
    # Each value on one line, so the card can be read back line by line.
    return "\n".join(" ".join(line.split()) for line in lines)


def _code(text: str, border: int = QUIET_ZONE) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code


def qr_svg(text: str) -> str:
    """The text as a QR code in SVG (dark modules on a white ground, error correction M)."""
    # The path factory with a fill keeps the file small and gives the code its white ground,
    # so it still scans when a viewer shows SVGs on a dark background.
    image = _code(text).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode")


def qr_matrix(text: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The code's modules, quiet zone included; True is a dark module."""
    return _code(text, border).get_matrix()


def qr_half_blocks(text: str, *, dark_terminal: bool = True, border: int = QUIET_ZONE) -> str:
    """The code drawn with half blocks, two rows of modules per line of text.

    A block character is drawn in the terminal's foreground colour. On a dark terminal that
    colour is light, so the blocks draw the light modules and the quiet zone, and the dark
    modules are left as the dark background: the code then reads the right way round for a
    phone. Pass `dark_terminal=False` for dark text on a light background. (The app can make
    this independent of the theme by drawing the text white on black.)
    """
    matrix = qr_matrix(text, border)
    if len(matrix) % 2:
        matrix.append([dark_terminal] * len(matrix[0]))  # below the quiet zone: bare background
    lines = []
    for top, bottom in zip(matrix[::2], matrix[1::2]):
        lines.append("".join(
            _HALF_BLOCKS[(t != dark_terminal, b != dark_terminal)] for t, b in zip(top, bottom)
        ))
    return "\n".join(lines)


def sequence_chunks(text: str, chunk: int = SEQUENCE_CHUNK) -> list[str]:
    """The text cut into numbered parts ("1/5 ..."), never inside a UTF-8 character."""
    data = text.encode("utf-8")
    pieces: list[bytes] = []
    start = 0
    while start < len(data):
        end = min(start + chunk, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: back off
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces = pieces or [b""]
    total = len(pieces)
    parts = [f"{n}/{total} {piece.decode('utf-8')}" for n, piece in enumerate(pieces, 1)]
    if max(len(p.encode("utf-8")) for p in parts) > _CAPACITY_M:
        raise ValueError(f"chunk of {chunk} bytes plus its number does not fit one QR code")
    return parts


def summary_qr_sequence(text: str, chunk: int = SEQUENCE_CHUNK) -> list[str]:
    """The summary as a numbered sequence of QR codes (SVG), for a phone without network."""
    return [qr_svg(part) for part in sequence_chunks(text, chunk)]
