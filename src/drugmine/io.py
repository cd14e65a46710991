"""Finding and reading input documents; a bad file becomes an error row, never a crash.

Every input is opened once, non-blocking, and checked with fstat before a byte is read,
so a FIFO, a device or a directory named like a document is reported instead of hanging
the batch, a broken symlink or a file deleted mid-run is reported as unreadable, and a
file larger than the size limit is reported without being read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .clean import looks_like_html
from .types import RawDocument

EXTENSIONS = (".txt", ".html", ".htm")
DEFAULT_MAX_BYTES = 20_000_000
MAX_BYTES_ENV = "DRUGMINE_MAX_BYTES"
SNIFF_BYTES = 8192  # NUL bytes in the first 8 KiB mean a binary file (as git decides)


def max_document_bytes() -> int:
    """The size limit for one document: $DRUGMINE_MAX_BYTES, else 20 MB (20,000,000 bytes)."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    try:
        return int(value) if value else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def discover(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every *.txt/*.html/*.htm below named directories, sorted.

    Any directory entry with a document extension that is not itself a directory is kept,
    also a broken symlink or a FIFO, so that it is reported in documents.csv rather than
    silently skipped."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += [f for f in p.rglob("*") if f.suffix.lower() in EXTENSIONS and not f.is_dir()]
        elif p.exists() or p.is_symlink():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return sorted(set(found), key=lambda f: (f.stem, str(f)))


def _kind_of(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "special file"


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes; raises ValueError (with the message for documents.csv) or OSError."""
    limit = max_document_bytes() if max_bytes is None else max_bytes
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"not a regular file ({_kind_of(info.st_mode)})")
        if info.st_size > limit:
            raise ValueError(f"too large: {info.st_size} bytes (limit {limit})")
        data = fh.read(limit + 1)
        if len(data) > limit:  # grew after fstat
            size = max(os.fstat(fd).st_size, len(data))
            raise ValueError(f"too large: {size} bytes (limit {limit})")
    return data


def load_document(path: Path, max_bytes: int | None = None) -> tuple[RawDocument, bytes | None]:
    """(document, raw bytes); on failure the document carries the error and bytes are None."""
    doc = RawDocument(doc_id=path.stem, path=str(path))
    try:
        data = read_bytes(path, max_bytes)
    except OSError as exc:
        doc.error = f"unreadable: {exc.strerror or exc}"
        return doc, None
    except ValueError as exc:
        doc.error = str(exc)
        return doc, None
    if not data.strip():
        doc.error = "empty file"
        return doc, data
    if b"\x00" in data[:SNIFF_BYTES]:
        doc.error = "binary file (NUL bytes)"
        return doc, data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc.error = f"not valid UTF-8 at byte {exc.start}"
        return doc, data
    doc.text = text
    is_html = path.suffix.lower() in (".html", ".htm") or looks_like_html(text)
    doc.kind = "html" if is_html else "text"
    return doc, data


def read_document(path: Path, max_bytes: int | None = None) -> RawDocument:
    return load_document(path, max_bytes)[0]


def iter_documents(paths: list[Path]) -> Iterator[RawDocument]:
    for path in discover(paths):
        yield read_document(path)
