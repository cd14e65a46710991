"""Finding and reading input documents; a bad file becomes an error row, never a crash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .clean import looks_like_html
from .types import RawDocument

EXTENSIONS = (".txt", ".html", ".htm")


def discover(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every *.txt/*.html/*.htm below named directories, sorted."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS]
        elif p.exists():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return sorted(set(found), key=lambda f: (f.stem, str(f)))


def read_document(path: Path) -> RawDocument:
    doc = RawDocument(doc_id=path.stem, path=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        doc.error = f"unreadable: {exc.strerror or exc}"
        return doc
    if not data.strip():
        doc.error = "empty file"
        return doc
    if b"\x00" in data[:8192]:
        doc.error = "binary file (NUL bytes)"
        return doc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc.error = f"not valid UTF-8 at byte {exc.start}"
        return doc
    doc.text = text
    is_html = path.suffix.lower() in (".html", ".htm") or looks_like_html(text)
    doc.kind = "html" if is_html else "text"
    return doc


def iter_documents(paths: list[Path]) -> Iterator[RawDocument]:
    for path in discover(paths):
        yield read_document(path)
