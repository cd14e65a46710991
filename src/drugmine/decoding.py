"""Bytes -> text the way a browser decides: BOM, declared charset, UTF-8, then a detector.

Order (after the WHATWG encoding sniffing algorithm, simplified):

1. a byte-order mark (UTF-8, UTF-32, UTF-16) wins and is removed;
2. for markup, a ``<meta charset>`` / ``<meta http-equiv content="...; charset=...">`` in
   the first 1024 bytes, or an XML declaration's ``encoding``; labels that browsers read
   as windows-1252 (``iso-8859-1``, ``latin1``, ``us-ascii``) are read so, a declared
   UTF-16 without a BOM is read as UTF-8 (as browsers do);
3. strict UTF-8;
4. CESU-8 / Java's modified UTF-8 (Java, Oracle and MySQL 'utf8' exports): bytes that
   are UTF-8 but for characters outside the BMP written as two 3-byte surrogates (``ED A0
   BD ED B8 80`` for U+1F600) and NUL as ``C0 80``. A browser decodes a page declared
   UTF-8 with U+FFFD for each of those bytes and, undeclared, may guess a legacy code page
   (mojibake in every accented letter, as the detector did here); drugmine reads the
   characters they encode with ftfy's ``utf-8-variants`` codec and records that name; a
   lone surrogate becomes three U+FFFD, as in a browser (``errors="replace"``);
5. charset-normalizer's guess when it recognises a language, else windows-1252 (never
   UTF-16/32 without a BOM).

The recorded encoding is a codec name Python knows (``utf-8-variants`` once ftfy is
imported), and for every document ``text == data.decode(encoding)`` (``utf-8-sig``,
``utf-16``, ``utf-32`` drop their BOM, and so does ``utf-8-variants`` after a UTF-8 BOM),
except that windows-1252's five undefined bytes become U+0081... as in a browser and a
lone surrogate U+FFFD. All offsets in the output tables index this decoded text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

PRESCAN_BYTES = 1024
BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_XML = re.compile(rb"^\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
AS_WINDOWS_1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}
# no browser guesses these without a BOM (and short Latin-1 reads as "UTF-16" CJK)
NOT_GUESSED = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]


class DecodeError(ValueError):
    """The bytes are no text in any encoding tried; the message goes to documents.csv."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name
    has_bom: bool = False


def _c1_controls(exc: UnicodeDecodeError) -> tuple[str, int]:
    """windows-1252 as browsers read it: 0x81, 0x8D, 0x8F, 0x90, 0x9D are C1 controls."""
    return "".join(chr(b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("drugmine-c1", _c1_controls)

MUTF8_NUL = b"\xc0\x80"  # Java's modified UTF-8 writes U+0000 so
VARIANTS = "utf-8-variants"  # ftfy's codec (ftfy.bad_codecs): CESU-8 and Java's UTF-8


def utf8_variant(data: bytes) -> str | None:
    """CESU-8 / Java's modified UTF-8 as text, or None when the bytes are not UTF-8 apart
    from surrogates (3 bytes each, ED A0..BF xx) and C0 80. A surrogate pair is the
    character it encodes; a lone surrogate's three bytes become three U+FFFD, as a
    browser's UTF-8 decoder shows them."""
    if b"\xed" not in data and MUTF8_NUL not in data:
        return None
    try:
        for part in data.split(MUTF8_NUL):
            part.decode("utf-8", "surrogatepass")  # nothing else wrong
    except UnicodeDecodeError:
        return None
    import ftfy.bad_codecs  # noqa: F401 - registers utf-8-variants

    return data.decode(VARIANTS, "replace")


def bom_encoding(data: bytes) -> str | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def declared_encoding(data: bytes) -> str | None:
    """The codec a markup document declares in its first 1024 bytes, as a browser maps it."""
    head = data[:PRESCAN_BYTES]
    m = _XML.match(head) or _META.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None  # an unknown label is ignored, as by a browser
    if name.replace("-", "_") in AS_WINDOWS_1252:
        return "cp1252"
    if name.startswith(("utf_16", "utf-16", "utf_32", "utf-32")):
        return "utf-8"
    return name


def _try(data: bytes, encoding: str) -> str | None:
    errors = "drugmine-c1" if encoding == "cp1252" else "strict"
    try:
        return data.decode(encoding, errors)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, markup: bool = False) -> Decoded:
    """Decode `data`; `markup` (HTML/XML) lets a declared charset count. Raises DecodeError."""
    bom = bom_encoding(data)
    if bom:
        text = _try(data, bom)
        if text is None and bom == "utf-8-sig":
            text, bom = utf8_variant(data[len(codecs.BOM_UTF8) :]), VARIANTS
        if text is None:
            raise DecodeError(f"not valid {bom.replace('-sig', '')} after its byte-order mark")
        return Decoded(text, bom, has_bom=True)
    declared = declared_encoding(data) if markup else None
    for encoding in (declared, "utf-8"):
        if encoding:
            text = _try(data, encoding)
            if text is not None:
                return Decoded(text, encoding)
    text = utf8_variant(data)
    if text is not None:
        return Decoded(text, VARIANTS)
    return _detect(data)


def _detect(data: bytes) -> Decoded:
    """charset-normalizer's guess when it recognises a language in the text; windows-1252
    (the browsers' fallback for an undeclared Western page) when it does not (a short or
    mostly ASCII text, where every single-byte code page looks alike) or when it is among
    the equally good guesses."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_exclusion=NOT_GUESSED))
    if not matches:
        raise DecodeError("undecodable: not UTF-8 and no text encoding fits")
    top = matches[0]
    tied = {  # with the code pages that decode these bytes to the same text
        name
        for m in matches
        if (m.chaos, m.coherence) == (top.chaos, top.coherence)
        for name in (m.encoding, *m.could_be_from_charset)
    }
    encoding = "cp1252" if top.coherence == 0 or "cp1252" in tied else top.encoding
    text = _try(data, encoding)
    if text is None:  # pragma: no cover - the detector decoded it once already
        raise DecodeError(f"undecodable: not valid {encoding}")
    return Decoded(text, codecs.lookup(encoding).name)


def looks_like_markup(data: bytes) -> bool:
    """Starts with '<' after white space (and a BOM): HTML or XML whatever its extension."""
    return data.lstrip(b" \t\r\n\x0c").startswith(b"<")
