"""The hostile corpus of bench/hostile.py: over 80 kinds of bad or odd input, built fresh.

Each kind is one entry (a file, a link, a FIFO, a socket, a folder) under the corpus
root; `build(root, quick)` writes them and returns the kinds. `expect` is the status a
kind must get where it is certain (None: either, only the invariants apply). The
`quick` corpus keeps every kind but shrinks the big ones, for the pytest subset.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DRUG = "Imatinib is used to treat chronic myeloid leukaemia. It may cause nausea.\n"
PAGE = "<html><head>{head}</head><body><p>{body}</p></body></html>"


@dataclass(frozen=True)
class Kind:
    name: str
    path: str  # relative to the corpus root; may hold non-UTF-8 bytes (surrogateescape)
    make: Callable[[Path], None]
    expect: str | None = None  # "ok", "error" or None
    unreadable: bool = False  # chmod 000 (needs a run without root to be unreadable)


def data(content: bytes | str, encoding: str = "utf-8") -> Callable[[Path], None]:
    raw = content.encode(encoding) if isinstance(content, str) else content
    return lambda p: p.write_bytes(raw)


def page(body: str, head: str = "", encoding: str = "utf-8") -> Callable[[Path], None]:
    return data(PAGE.format(head=head, body=body), encoding)


def link(target: str) -> Callable[[Path], None]:
    return lambda p: p.symlink_to(target)


def folder(files: dict[str, bytes]) -> Callable[[Path], None]:
    def make(p: Path) -> None:
        p.mkdir()
        for name, content in files.items():
            (p / name).write_bytes(content)

    return make


def fifo(p: Path) -> None:
    os.mkfifo(p)


def unix_socket(p: Path) -> None:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(os.fspath(p))
    finally:
        s.close()  # the socket file stays


def nested(depth: int) -> Callable[[Path], None]:
    def make(p: Path) -> None:
        for _ in range(depth):
            p = p / "d"
        p.mkdir(parents=True)
        (p / "deep_file.txt").write_text(DRUG, encoding="utf-8")

    return make


def kinds(quick: bool) -> list[Kind]:
    n = 10 if quick else 1  # shrink factor for the big ones
    # fmt: off
    return [
        # --- plain and good
        Kind("good text", "good.txt", data(DRUG), "ok"),
        Kind("good page", "good_page.html", page(f"<nav>Home</nav>{DRUG}"), "ok"),
        Kind("upper-case suffix", "SHOUT.TXT", data(DRUG), "ok"),
        Kind(".htm suffix", "old.htm", page(DRUG), "ok"),
        Kind("html in a .txt", "markup.txt", page(DRUG), "ok"),
        Kind("hidden file", ".hidden.txt", data(DRUG), "ok"),
        # --- encodings and byte-order marks
        Kind("UTF-8 BOM", "bom8.txt", data(b"\xef\xbb\xbf" + DRUG.encode()), "ok"),
        Kind("UTF-16LE BOM", "bom16le.txt", data(b"\xff\xfe" + DRUG.encode("utf-16-le")), "ok"),
        Kind("UTF-16BE BOM", "bom16be.txt", data(b"\xfe\xff" + DRUG.encode("utf-16-be")), "ok"),
        Kind("UTF-32 BOM", "bom32.txt", data(DRUG, "utf-32"), "ok"),
        Kind("UTF-16 without BOM", "utf16_nobom.txt", data(DRUG, "utf-16-le")),
        Kind("two BOMs", "bom_twice.txt", data(b"\xef\xbb\xbf" * 2 + DRUG.encode()), "ok"),
        Kind("BOM mid-text", "bom_mid.txt", data("Aspirin.\ufeff" + DRUG), "ok"),
        Kind("BOM only", "only_bom.txt", data(b"\xef\xbb\xbf"), "error"),
        Kind("BOM and spaces", "bom_space.txt", data(b"\xef\xbb\xbf \r\n\t"), "error"),
        Kind("half UTF-16", "half16.txt", data(b"\xff\xfeW"), "error"),
        Kind("meta windows-1252", "meta1252.html",
             page(f"\u201c{DRUG}\u201d caf\xe9", '<meta charset="windows-1252">', "cp1252"), "ok"),
        Kind("http-equiv latin-1", "equiv.html", page(f"{DRUG} na\xefve",
             '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
             "latin-1"), "ok"),
        Kind("XML declaration", "xmldecl.htm", data('<?xml version="1.0" encoding="iso-8859-2"?>'
             + PAGE.format(head="", body=DRUG + " \u0159"), "iso-8859-2"), "ok"),
        Kind("meta koi8-r", "koi8.html",
             page(DRUG + " \u041f\u0440\u0438\u043c\u0435\u0440", '<meta charset="koi8-r">',
                  "koi8-r"), "ok"),
        Kind("meta shift_jis", "sjis.html",
             page(DRUG + " \u85ac", '<meta charset="shift_jis">', "shift_jis"), "ok"),
        Kind("meta gb2312", "gb.html", page(DRUG + " \u836f", '<meta charset="gb2312">',
                                            "gb2312"), "ok"),
        Kind("meta says UTF-8, is 1252", "lies.html",
             page(f"{DRUG} caf\xe9", '<meta charset="utf-8">', "cp1252"), "ok"),
        Kind("unknown charset label", "nolabel.html",
             page(DRUG, '<meta charset="no-such-charset">'), "ok"),
        Kind("BOM beats meta", "bom_meta.html", data(b"\xef\xbb\xbf" + PAGE.format(
             head='<meta charset="koi8-r">', body=DRUG + " \u00e9").encode()), "ok"),
        Kind("Latin-1 text", "latin1.txt", data(f"{DRUG} \xe9chymoses", "latin-1"), "ok"),
        Kind("truncated UTF-8", "trunc8.txt", data(DRUG.encode() + b"\xc3"), "ok"),
        Kind("CESU surrogates", "cesu.txt", data(DRUG.encode() + b"\xed\xa0\x80\xed\xb0\x80"),
             "ok"),
        Kind("Java modified UTF-8", "javautf8.txt", data(DRUG.encode() + b"\xc0\x80caf\xc3\xa9"
                                                          b" \xed\xa0\xbd\xed\xb8\x80"), "ok"),
        Kind("lone surrogate", "lonesurr.txt", data(b"\xed\xa0\xbd" + DRUG.encode()), "ok"),
        Kind("BOM then CESU", "bomcesu.txt", data(b"\xef\xbb\xbf" + DRUG.encode()
                                                  + b"\xed\xa0\xbd\xed\xb8\x80"), "ok"),
        Kind("overlong UTF-8", "overlong.txt", data(DRUG.encode() + b"\xc0\xaf\xe0\x80\xaf")),
        Kind("UTF-8 and 1252 mixed", "mixed.txt", data("caf\u00e9 ".encode() + b"caf\xe9 "
                                                       + DRUG.encode())),
        Kind("high bytes only", "junk.txt", data(bytes(range(128, 256)) * 4), "error"),
        Kind("C1 controls", "c1.txt", data(DRUG + "".join(map(chr, range(0x80, 0xA0)))), "ok"),
        # --- binary and other formats
        Kind("PNG named .txt", "png.txt", data(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
                                               + bytes(range(256))), "error"),
        Kind("ELF named .html", "elf.html", data(b"\x7fELF\x02\x01\x01\x00" + bytes(64)), "error"),
        Kind("gzip named .html", "gz.html", data(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
                                                 + bytes(range(256))), "error"),
        Kind("zip named .txt", "zip.txt", data(b"PK\x03\x04\x14\x00\x00\x00\x08\x00"
                                               + bytes(40)), "error"),
        Kind("JPEG named .txt", "jpeg.txt", data(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "error"),
        Kind("PDF", "leaflet.pdf", data(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "error"),
        Kind("PDF named .txt", "pdf.txt", data(b"%PDF-1.4\n1 0 obj << >>"), "error"),
        Kind("upper-case .PDF", "LEAFLET2.PDF", data(b"%PDF-1.5\n"), "error"),
        Kind("NUL early", "nul_early.txt", data(b"Imatinib\x00treats\x00CML"), "error"),
        Kind("NUL late", "nul_late.txt", data(b"Plain words. " * 800 + b"\x00\n" + DRUG.encode()),
             "ok"),
        Kind("NUL char ref", "nulref.html", page(f"&#0;&#x0;{DRUG}&#xD800;&#1114112;"), "ok"),
        # --- empty and near-empty
        Kind("empty", "empty.txt", data(b""), "error"),
        Kind("whitespace", "blank.txt", data(b" \r\n\t\n"), "error"),
        Kind("Unicode spaces", "uspace.txt", data("\u3000\u00a0\u2003\n\u2028"), "error"),
        Kind("empty html", "empty_page.html", data(b"<html><body></body></html>")),
        Kind("script only", "script.html",
             data("<html><script>var a='" + "x" * 5000 + "';</script></html>")),
        Kind("one character", "one.txt", data("x"), "ok"),
        Kind("punctuation only", "punct.txt", data("?!.,;:" * 100), "ok"),
        # --- sizes and pathological shapes
        Kind("too large", "huge.txt", lambda p: _fill(p, 20_000_001), "error"),
        Kind("20k bangs", "bangs.txt", data(DRUG + "!" * (20_000 // n)), "ok"),
        Kind("8k emoji", "emoji_run.txt", data(DRUG + "\U0001f48a" * (8_000 // n)), "ok"),
        Kind("emoji text", "emoji.txt", data("\U0001f48a\U0001f9ec " + DRUG + " \U0001f600"), "ok"),
        Kind("ZWJ family runs", "zwj.txt", data(DRUG + "\U0001f468\u200d\U0001f469" * 2000)),
        Kind("combining marks", "zalgo.txt", data(DRUG + "a" + "\u0301" * (20_000 // n)), "ok"),
        Kind("RTL override", "rtl.txt", data("\u202e" + DRUG + "\u202c\u200f"), "ok"),
        Kind("homoglyph drug", "homoglyph.txt", data(DRUG.replace("i", "\u0456", 1)), "ok"),
        Kind("fullwidth and math letters", "wide.txt", data("\uff29\uff4d \U0001d400 " + DRUG)),
        Kind("1 MB line", "long_line.txt", data("w" * (1_000_000 // n) + "\n" + DRUG), "ok"),
        Kind("long line after contact", "contact.txt",
             data("Contact us " + "b" * (400_000 // n) + "\n" + DRUG), "ok"),
        Kind("one long word", "word.txt", data(DRUG + "a" * (200_000 // n)), "ok"),
        Kind("50k short lines", "lines.txt",
             data(DRUG + "\n".join(f"Entry {i}" for i in range(50_000 // n))), "ok"),
        Kind("100k paragraphs", "paras.html",
             page("<p>Short note</p>" * (100_000 // n) + DRUG), "ok"),
        Kind("20k-deep nesting", "deep.html", data("<html><body>" + "<div>" * (20_000 // n)
             + f"<p>{DRUG}</p>" + "</div>" * (20_000 // n)), "ok"),
        Kind("deep tables", "tables.html",
             data("<table><tr><td>" * (3_000 // n) + DRUG + "</td></tr></table>" * (3_000 // n)),
             "ok"),
        Kind("100k <br>", "brs.html", page(DRUG + "<br>" * (100_000 // n)), "ok"),
        Kind("10k attributes", "attrs.html",
             data("<p " + " ".join(f"a{i}='v'" for i in range(10_000 // n)) + f">{DRUG}</p>"),
             "ok"),
        Kind("huge data URI", "datauri.html",
             page(f'<img src="data:image/png;base64,{"A" * (500_000 // n)}">{DRUG}'), "ok"),
        Kind("repeated drug", "repeat.txt", data(DRUG * (2_000 // n)), "ok"),
        Kind("200 kB prose", "prose.txt", data(DRUG * (200_000 // len(DRUG) // n)), "ok"),
        Kind("angle bracket runs", "angles.txt", data("<" * (50_000 // n) + DRUG), "ok"),
        # --- broken markup and line endings
        Kind("unclosed comment", "comment.html", data(f"<p>{DRUG}</p><!-- never closed " * 3)),
        Kind("unclosed tags", "unclosed.html", data(f"<div><p><b><i>{DRUG}"), "ok"),
        Kind("CDATA and svg", "svg.html", page(f"<svg><![CDATA[x<y]]></svg><math>1</math>{DRUG}"),
             "ok"),
        Kind("entities and nbsp", "ents.html", page("&nbsp;" * 500 + "&amp;&lt;&bogus;&#x41;"
                                                   + DRUG), "ok"),
        Kind("CRLF", "crlf.txt", data(DRUG.replace("\n", "\r\n") * 2), "ok"),
        Kind("CR only", "cr.txt", data(DRUG.replace("\n", "\r") * 2), "ok"),
        Kind("form feed and vertical tab", "ff.txt", data(f"\f{DRUG}\v{DRUG}"), "ok"),
        Kind("U+2028 separators", "lsep.txt", data(DRUG.replace(". ", ".\u2028")), "ok"),
        Kind("ANSI escapes", "ansi.txt", data("\x1b[31m" + DRUG + "\x1b[0m\x07\x08"), "ok"),
        Kind("JSON in .txt", "data.txt", data('{"drug": "imatinib", "x": [1, 2, {"y": null}]}')),
        Kind("minified JS as .html", "app.html", data("!function(){var a=1;" * 2000 + "}()")),
        # --- names
        Kind("non-UTF-8 name", os.fsdecode(b"caf\xe9.txt"), data(DRUG), "ok"),
        Kind("newline in name", "two\nlines.txt", data(DRUG), "ok"),
        Kind("tab and quotes in name", "a\t\"q\" 'x'.txt", data(DRUG), "ok"),
        Kind("dash-leading name", "-rf.txt", data(DRUG), "ok"),
        Kind("250-byte name", "n" * 246 + ".txt", data(DRUG), "ok"),
        Kind("NFC name", "caf\u00e9.txt", data(DRUG), "ok"),
        Kind("NFD name", "cafe\u0301.txt", data(DRUG), "ok"),
        Kind("emoji name", "\U0001f48a.txt", data(DRUG), "ok"),
        Kind("control char name", "bell\x07.txt", data(DRUG), "ok"),
        Kind("dot-dot name", "..txt", data(DRUG), "ok"),
        Kind("duplicate stems", "dup", folder({"index.html": PAGE.format(head="", body=DRUG)
                                               .encode(), "index.txt": DRUG.encode()})),
        Kind("duplicate stems elsewhere", "dup2", folder({"index.html": b"<p>Aspirin.</p>"})),
        Kind("stems differing in case", "INDEX.txt", data(DRUG), "ok"),
        Kind("folder named .txt", "folder.txt", folder({})),
        Kind("50-deep folders", "deepdirs", nested(50)),
        # --- special entries
        Kind("symlink to a file", "link.txt", link("good.txt"), "ok"),
        Kind("broken symlink", "broken.txt", link("no_such_file.txt"), "error"),
        Kind("symlink to /dev/null", "devnull.txt", link("/dev/null"), "error"),
        Kind("symlink loop", "loopdir", lambda p: (p.mkdir(), (p / "up").symlink_to(".."))),
        Kind("self symlink", "self.txt", link("self.txt"), "error"),
        Kind("FIFO", "pipe.txt", fifo, "error"),
        Kind("unix socket", "sock.txt", unix_socket, "error"),
        Kind("unreadable file", "locked.txt", data(DRUG), unreadable=True),
        Kind("unreadable folder", "lockeddir", folder({"inside.txt": DRUG.encode()}),
             unreadable=True),
    ]
    # fmt: on


def _fill(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        chunk = DRUG.encode() * 10_000
        while fh.tell() < size:
            fh.write(chunk)
        fh.truncate(size)


def build(root: Path, quick: bool = False) -> list[Kind]:
    """Write every kind under root (which must exist); return the kinds."""
    built = kinds(quick)
    assert len({k.path for k in built}) == len(built), "two kinds share a path"
    for kind in built:
        kind.make(root / kind.path)
    for kind in built:
        if kind.unreadable:
            os.chmod(root / kind.path, 0)
    return built
