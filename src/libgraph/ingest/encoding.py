"""Bytes to text for plain-text formats (.txt, .md, and HTML without a usable charset).

Minutes come from Windows offices as often as from web exports, so besides UTF-8 we meet
UTF-16 (Notepad "Unicode"), cp1252 and latin-1. The last two decode the same for 0xA0-0xFF
and differ only in 0x80-0x9F, where cp1252 has “ ” ‘ ’ – — € … and latin-1 has invisible C1
controls; picking the wrong one silently deletes the quotes and dashes, so the choice is made
by an explicit rule rather than by a guesser.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from libgraph.ingest.model import IngestError

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# C0 controls that never occur in text files (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_BINARY_SHARE = 0.05
_SNIFF_BYTES = 65536

_C1_RANGE = re.compile(rb"[\x80-\x9f]")

# "Ã¶" for "ö", "â€“" for "–": UTF-8 bytes that were decoded as cp1252/latin-1 and saved again.
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™šœžŸ]|â€")

CANNOT_DECODE = "cannot decode text (tried utf-8, cp1252, latin-1)"


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in a single-byte or UTF-8 encoding.

    NUL bytes never occur in such text; a high share of other control bytes means an image,
    archive or executable renamed to .txt. (UTF-16/32 with a BOM is recognised before this.)
    """
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > _BINARY_SHARE * len(head)


def bom_encoding(data: bytes) -> tuple[str, str] | None:
    """(codec, recorded name) when ``data`` starts with a Unicode byte order mark."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name
    return None


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a text file, returning (text, encoding name recorded in the Document).

    Order: a BOM decides; binary data is refused; strict UTF-8; then a single-byte Western
    encoding, where charset-normalizer (limited to cp1252 and latin-1) vets that the bytes
    read as text at all and :func:`cp1252_or_latin1` decides between the two.
    """
    bom = bom_encoding(data)
    if bom is not None:
        codec, name = bom
        try:
            return data.decode(codec), name
        except UnicodeDecodeError as exc:
            raise IngestError(path, f"cannot decode text ({name} BOM but {exc.reason})") from exc
    if looks_binary(data):
        raise IngestError(path, "binary file (not text)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_single_byte(data, path)
    return repair_mojibake(text, "utf-8")


def decode_single_byte(data: bytes, path: Path) -> tuple[str, str]:
    """cp1252 or latin-1, after charset-normalizer confirms the bytes are plausible text."""
    verdict = charset_normalizer.from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if verdict is None:
        raise IngestError(path, CANNOT_DECODE)
    encoding = cp1252_or_latin1(data)
    return data.decode(encoding), encoding


def cp1252_or_latin1(data: bytes) -> str:
    """The rule that tells cp1252 from latin-1 (the two differ only in bytes 0x80-0x9F).

    With no byte in 0x80-0x9F both decode identically, and we say "latin-1". With such
    bytes, it is cp1252 when every one of them decodes (cp1252 leaves 0x81, 0x8D, 0x8F, 0x90
    and 0x9D undefined) to a printable character; otherwise latin-1, whose C1 controls the
    normaliser then removes.
    """
    c1_bytes = set(_C1_RANGE.findall(data))
    if not c1_bytes:
        return "latin-1"
    try:
        chars = [byte.decode("cp1252") for byte in c1_bytes]
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252" if all(char.isprintable() for char in chars) else "latin-1"


def repair_mojibake(text: str, encoding: str) -> tuple[str, str]:
    """Undo one level of double encoding ("MÃ¶tet" → "Mötet") when it is unambiguous.

    Only when mojibake sequences are present and the *whole* text round-trips (re-encode as
    cp1252 or latin-1, decode as strict UTF-8); text that mixes good and garbled characters
    is left alone rather than guessed at. The recorded encoding says that it happened.
    """
    if not _MOJIBAKE.search(text):
        return text, encoding
    for single_byte in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(single_byte).decode("utf-8")
        except UnicodeError:
            continue
        return repaired, f"{encoding} (mojibake repaired)"
    return text, encoding
