"""Decoding like a browser: BOM, declared charset, UTF-8, detector; offsets index the text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from drugmine.batch.runner import run_batch
from drugmine.decoding import DecodeError, declared_encoding, decode
from drugmine.io import find_documents, read_text
from drugmine.tables.writer import write_tables

SENTENCE = "Warfarin is used to prevent stroke. It may cause bleeding and bruising."
PAGE = "<html><head>{head}</head><body><p>{body}</p></body></html>"


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# name -> (bytes, the encoding documents.csv must record)
CASES = {
    "bom_utf8.txt": (b"\xef\xbb\xbf" + SENTENCE.encode(), "utf-8-sig"),
    "bom_utf16le.txt": (b"\xff\xfe" + SENTENCE.encode("utf-16-le"), "utf-16"),
    "bom_utf16be.txt": (b"\xfe\xff" + SENTENCE.encode("utf-16-be"), "utf-16"),
    "bom_utf32.txt": (SENTENCE.encode("utf-32"), "utf-32"),
    "meta_1252.html": (
        PAGE.format(
            head='<meta charset="windows-1252">', body=f"\u201c{SENTENCE}\u201d caf\xe9"
        ).encode("cp1252"),
        "cp1252",
    ),
    "http_equiv_latin1.html": (
        PAGE.format(
            head='<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
            body=f"{SENTENCE} Na\xefve patients.",
        ).encode("latin-1"),
        "cp1252",  # browsers read a latin-1 label as windows-1252
    ),
    "xml_decl.htm": (
        (
            '<?xml version="1.0" encoding="iso-8859-2"?>' + PAGE.format(head="", body=SENTENCE)
        ).encode("iso-8859-2"),
        "iso8859-2",
    ),
    "latin1_plain.txt": (f"{SENTENCE} Patients report \xe9chymoses.".encode("latin-1"), "cp1252"),
    "declared_wrong.html": (  # says UTF-8, is windows-1252: UTF-8 fails, the detector reads it
        PAGE.format(head='<meta charset="utf-8">', body=f"{SENTENCE} caf\xe9").encode("cp1252"),
        "cp1252",
    ),
    "plain_utf8.txt": (f"{SENTENCE} \u2014 \U0001f48a".encode(), "utf-8"),
    # CESU-8 / Java's modified UTF-8: U+1F48A as two 3-byte surrogates, NUL as C0 80
    # (read as mac-roman or windows-1252 mojibake before, in every accented letter too)
    "cesu8.txt": (f"\U0001f48a {SENTENCE} caf\xe9".encode().replace(
        "\U0001f48a".encode(), b"\xed\xa0\xbd\xed\xb2\x8a"), "utf-8-variants"),
    "cesu8_declared.html": (PAGE.format(head='<meta charset="utf-8">', body=SENTENCE).encode()
                            + b"\xed\xa0\xbd\xed\xb2\x8a", "utf-8-variants"),
    "java_utf8.txt": (SENTENCE.encode() + b"\xc0\x80 \xed\xa0\xbd\xed\xb2\x8a",
                      "utf-8-variants"),
    "bom_cesu8.txt": (b"\xef\xbb\xbf" + SENTENCE.encode() + b"\xed\xa0\xbd\xed\xb2\x8a",
                      "utf-8-variants"),
    "lone_surrogate.txt": (b"\xed\xa0\xbd" + SENTENCE.encode() + " \xe9".encode(),
                           "utf-8-variants"),
}
PDF = "unsupported format: PDF (not read as text)"
ERRORS = {
    "only_bom.txt": (b"\xef\xbb\xbf", "empty file"),
    "bom_and_space.txt": (b"\xef\xbb\xbf \r\n\t", "empty file"),
    "utf16_spaces.txt": ("  \n".encode("utf-16"), "empty file"),
    "half_utf16.txt": (b"\xff\xfeW", "not valid utf-16 after its byte-order mark"),
    "junk.txt": (bytes(range(128, 256)) * 3, "undecodable: not UTF-8 and no text encoding fits"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", PDF),
    "pdf_named_txt.txt": (b"%PDF-1.4\n1 0 obj << >>", PDF),
}


@pytest.fixture(scope="module")
def decoded_run(tmp_path_factory):
    src = tmp_path_factory.mktemp("enc")
    for name, (data, _) in {**CASES, **ERRORS}.items():
        (src / name).write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    write_tables((r for r, _ in run_batch(find_documents([src]), model="none")), out)
    return src, out


def test_every_encoding_is_read_and_recorded(decoded_run):
    src, out = decoded_run
    docs = {r["doc_id"]: r for r in rows(out / "documents.csv")}
    for name, (_, encoding) in CASES.items():
        doc = docs[Path(name).stem]
        assert (doc["status"], doc["error"], doc["encoding"]) == ("ok", "", encoding), doc
        assert int(doc["chars_raw"]) == len(read_text(src / name))
    for name, (_, error) in ERRORS.items():
        assert (docs[Path(name).stem]["status"], docs[Path(name).stem]["error"]) == ("error", error)


def test_offsets_index_the_decoded_text_for_every_encoding(decoded_run):
    src, out = decoded_run
    texts = {Path(n).stem: read_text(src / n) for n in CASES}
    mentions = rows(out / "mentions.csv") + rows(out / "entities.csv")
    drugs = {m["doc_id"] for m in mentions if m["text"] == "Warfarin"}
    assert drugs == set(texts)  # every encoding yields the drug, none with a BOM glued on
    for m in mentions:
        assert texts[m["doc_id"]][int(m["start"]) : int(m["end"])] == m["text"], m
        assert "\ufeff" not in m["text"] and "\x00" not in m["text"], m


def test_nul_and_stray_bom_inside_the_text_never_enter_a_span(tmp_path):
    padding = "Nothing here concerns any medicine at all. " * 200  # NULs after the first 8 KiB
    text = padding + "\x00Warfarin\x00 is used to prevent stroke.\ufeffHeparin\x00is a drug."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "nul.txt").write_bytes(text.encode())
    write_tables((r for r, _ in run_batch(find_documents([tmp_path / "in"]), model="none")),
                 tmp_path / "out")  # fmt: skip
    found = rows(tmp_path / "out" / "mentions.csv") + rows(tmp_path / "out" / "entities.csv")
    assert {"Warfarin", "Heparin"} <= {m["text"] for m in found}
    for m in found:
        assert text[int(m["start"]) : int(m["end"])] == m["text"]
        assert not {"\x00", "\ufeff"} & set(m["text"]), m
    clean = (tmp_path / "out" / "clean" / "nul.txt").read_text(encoding="utf-8")
    assert "\x00" not in clean and "\ufeff" not in clean


def test_declared_charset_rules():
    assert declared_encoding(b'<meta charset="latin1">') == "cp1252"
    assert declared_encoding(b"<meta charset=utf-16>") == "utf-8"  # no BOM: as browsers do
    assert declared_encoding(b'<meta charset="no-such-charset">') is None
    assert declared_encoding(b" " * 1100 + b'<meta charset="koi8-r">') is None  # past 1024
    # windows-1252's undefined bytes become C1 controls, not an error
    assert decode(b'<meta charset="windows-1252">\x81', markup=True).text.endswith("\x81")
    # a declared charset only counts for markup
    assert decode(b'<meta charset="koi8-r"> \xf0', markup=False).encoding != "koi8_r"
    with pytest.raises(DecodeError):
        decode(b"\xfe\xff\x00")


def test_pdf_given_explicitly_is_reported_not_skipped(tmp_path):
    pdf = tmp_path / "leaflet.PDF"
    pdf.write_bytes(b"%PDF-1.5\n")
    ((result, _),) = list(run_batch(find_documents([pdf]), model="none"))
    assert (result.doc_id, result.status) == ("leaflet", "error")
    assert result.error == PDF


def test_cesu8_and_java_utf8_read_the_characters_they_encode(decoded_run):
    """A surrogate pair is its character, C0 80 a NUL (never inside a span), a lone
    surrogate three U+FFFD as a browser's UTF-8 decoder shows it; the rest is UTF-8."""
    src, _ = decoded_run
    assert read_text(src / "cesu8.txt") == f"\U0001f48a {SENTENCE} caf\xe9"
    assert read_text(src / "java_utf8.txt") == f"{SENTENCE}\x00 \U0001f48a"
    assert read_text(src / "bom_cesu8.txt") == f"{SENTENCE}\U0001f48a"  # BOM dropped
    assert read_text(src / "lone_surrogate.txt") == f"\ufffd\ufffd\ufffd{SENTENCE} \xe9"
    for name in ("cesu8.txt", "java_utf8.txt", "lone_surrogate.txt"):
        data = (src / name).read_bytes()
        assert read_text(src / name) == data.decode("utf-8-variants", "replace")
    # other bytes that are not UTF-8 beside a surrogate: no variant, the detector decides
    assert decode(b"\xed\xa0\xbd caf\xe9 " + SENTENCE.encode()).encoding != "utf-8-variants"
