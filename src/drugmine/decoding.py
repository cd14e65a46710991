"""Bytes -> text the way a browser decides: BOM, declared charset, UTF-8, then a detector.

Order (after the WHATWG encoding sniffing algorithm, simplified):

1. a byte-order mark (UTF-8, UTF-32, UTF-16) wins and is removed;
2. for markup, a ``<meta charset>`` / ``<meta http-equiv content="...; charset=...">`` in
   the first 1024 bytes, or an XML declaration's ``encoding``; labels that browsers read
   as windows-1252 (``iso-8859-1``, ``latin1``, ``us-ascii``) are read so, a declared
   UTF-16 without a BOM is read as UTF-8 (as browsers do);
3. strict UTF-8;
4. charset-normalizer's best guess.

The recorded encoding is a Python codec name, and for every document
``text == data.decode(encoding)`` (``utf-8-sig``/``utf-16``/``utf-32`` drop their BOM), except
that windows-1252's five undefined bytes become U+0081... as in a browser. All offsets in
the output tables index this decoded text.
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
        if text is None:
            raise DecodeError(f"not valid {bom.replace('-sig', '')} after its byte-order mark")
        return Decoded(text, bom, has_bom=True)
    declared = declared_encoding(data) if markup else None
    for encoding in (declared, "utf-8"):
        if encoding:
            text = _try(data, encoding)
            if text is not None:
                return Decoded(text, encoding)
    return _detect(data)


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = _try(data, best.encoding) if best is not None else None
    if text is None:
        raise DecodeError("undecodable: not UTF-8 and no text encoding fits")
    return Decoded(text, codecs.lookup(best.encoding).name)


def looks_like_markup(data: bytes) -> bool:
    """Starts with '<' after white space (and a BOM): HTML or XML whatever its extension."""
    return data.lstrip(b" \t\r\n\x0c").startswith(b"<")
