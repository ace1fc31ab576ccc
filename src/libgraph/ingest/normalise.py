"""The one text normalisation every format goes through.

Evidence offsets (``oa:TextPositionSelector``) and the document id (sha256 of the text) are
computed on the normalised text, so the same words must give the same string whatever the
file format, encoding or editor was: invisible characters that differ between tools
(zero-width and bidi marks, BOMs, soft hyphens, exotic spaces, CR line ends) are removed or
unified here, and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata

# Removed outright: they carry no words, and tools insert them unpredictably.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SOFT_HYPHEN = "\u00ad"

# Unicode spaces that mean "a space" to a reader; NBSP is the common one in Word and HTML.
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"

# Characters that mean "a line break" (form feed separates pages in some PDF/text dumps).
_LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"}

_TABLE: dict[int, str | None] = {ord(c): None for c in _ZERO_WIDTH + _BIDI + _SOFT_HYPHEN}
_TABLE.update({ord(c): " " for c in _SPACES})
_TABLE.update({ord(c): v for c, v in _LINE_BREAKS.items()})
# Remaining C0 controls (except tab and newline), DEL and C1 controls.
for _code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]:
    if chr(_code) not in "\t\n" and _code not in _TABLE:
        _TABLE[_code] = None

# Any character the table changes: most texts have none, and a scan for them costs a tenth of
# the translation.
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")


def normalise_text(text: str) -> str:
    """Return ``text`` in the canonical form that offsets and the sha256 refer to.

    In order: CRLF and CR become LF; zero-width characters (U+200B-U+200D, U+2060, U+FEFF,
    i.e. also any BOM), bidi controls (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069)
    and soft hyphens are removed; NBSP and the other Unicode spaces become a plain space;
    U+2028, NEL, VT and FF become a newline and U+2029 a blank line; other C0/C1 controls
    are removed (tabs are kept); Unicode NFC; trailing spaces and tabs on each line are
    stripped; runs of more than two blank lines become two; leading and trailing blank lines
    are removed (the indentation of the first line is kept, as Markdown may need it).

    The function is idempotent: ``normalise_text(normalise_text(t)) == normalise_text(t)``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TRANSLATED.search(text):
        text = text.translate(_TABLE)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    return text.lstrip("\n").rstrip("\n")
