"""Finding and reading input documents; a bad file becomes an error row, never a crash.

Every input is opened once, non-blocking, and checked with fstat before a byte is read,
so a FIFO, a device or a directory named like a document is reported instead of hanging
the batch, a broken symlink or a file deleted mid-run is reported as unreadable, and a
file larger than the size limit is reported without being read. A folder that cannot be
listed becomes one error row (its files cannot be known), and a drugmine output folder
(marked by OUTPUT_MARKER) below an input folder is never read as input.

doc_id: the file's stem when no other discovered file has the same stem (compared
case-blind, as on a case-insensitive file system); otherwise its path relative to the
input folder it was found under, with `/` written `__` and the extension kept
(`siteA__index.html`); if even that clashes (two input folders with the same tree), a
`~` and 8 hex digits of the path's sha1 follow. Bytes of a file name that are not UTF-8
are written as `\\xNN`, control characters as `_`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .clean import looks_like_html
from .decoding import Decoded, DecodeError, bom_encoding, decode, looks_like_markup
from .types import RawDocument

EXTENSIONS = (".txt", ".html", ".htm")
UNSUPPORTED = {".pdf": "PDF"}  # found and reported, never read as text
OUTPUT_MARKER = ".drugmine-output"  # written by TableWriter into every OUT_DIR
DEFAULT_MAX_BYTES = 20_000_000
MAX_BYTES_ENV = "DRUGMINE_MAX_BYTES"
SNIFF_BYTES = 8192  # NUL bytes in the first 8 KiB mean a binary file (as git decides)


@dataclass(frozen=True)
class Source:
    """A discovered input: the file (or unlistable folder), its doc_id, a listing error."""

    path: Path
    doc_id: str
    error: str = ""


def max_document_bytes() -> int:
    """The size limit for one document: $DRUGMINE_MAX_BYTES, else 20 MB (20,000,000 bytes)."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    try:
        return int(value) if value else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def printable(name: str) -> str:
    """A path or name as text that can be written anywhere: undecodable bytes as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _safe_id(name: str) -> str:
    return "".join("_" if unicodedata.category(c) == "Cc" else c for c in printable(name))


def _is_output_dir(directory: Path, exclude: set[Path]) -> bool:
    if (directory / OUTPUT_MARKER).exists():
        return True
    try:
        return directory.resolve() in exclude
    except OSError:
        return False


def _walk(root: Path, exclude: set[Path]) -> Iterator[tuple[Path, str]]:
    """(path, listing error) of every document-like entry below root; symlinked folders
    are followed once each (no loops); unlistable folders are yielded with their error."""
    stack, seen = [root], set()
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen or _is_output_dir(folder, exclude):
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            yield folder, f"unreadable folder: {exc.strerror or exc}"
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(path)
            elif path.suffix.lower() in (*EXTENSIONS, *UNSUPPORTED):
                yield path, ""


def find_documents(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Source]:
    """Files named directly, plus every *.txt/*.html/*.htm (and *.pdf, to be reported)
    below named folders, sorted by (stem, path), each with its unique doc_id. Entries in
    `exclude` (the output folder) and marked output folders are skipped."""
    skip = {Path(p).resolve() for p in exclude}
    found: dict[Path, tuple[Path, str]] = {}  # path -> (input root, listing error)
    for p in map(Path, paths):
        if p.is_dir():
            for f, error in _walk(p, skip):
                found.setdefault(f, (p, error))
        elif p.exists() or p.is_symlink():
            found.setdefault(p, (p.parent, ""))
        else:
            raise FileNotFoundError(f"no such file or directory: {printable(str(p))}")
    order = sorted(found, key=lambda f: (f.stem, str(f)))
    ids = _unique_ids([(f, found[f][0]) for f in order])
    return [Source(f, i, found[f][1]) for f, i in zip(order, ids, strict=True)]


def _relative_id(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return _safe_id("__".join(rel.parts))


def _unique_ids(entries: list[tuple[Path, Path]]) -> list[str]:
    ids = [_safe_id(p.stem) for p, _ in entries]
    for level in ("relative", "hashed"):
        count = Counter(i.casefold() for i in ids)
        clashing = [k for k, i in enumerate(ids) if count[i.casefold()] > 1]
        for k in clashing:
            path, root = entries[k]
            ids[k] = _relative_id(path, root)
            if level == "hashed":
                ids[k] += "~" + hashlib.sha1(os.fsencode(str(path))).hexdigest()[:8]
    return ids


def discover(paths: list[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """The paths of find_documents (kept for callers that want paths only)."""
    return [s.path for s in find_documents(paths, exclude)]


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
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # a Unix socket cannot be opened at all (ENXIO): say what it is
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise ValueError(f"not a regular file ({_kind_of(mode)})") from None
        raise
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


def load_document(
    path: Path | Source, max_bytes: int | None = None
) -> tuple[RawDocument, bytes | None]:
    """(document, raw bytes); on failure the document carries the error and bytes are None.

    A plain Path gets its stem as doc_id; a Source carries its own."""
    source = path if isinstance(path, Source) else Source(Path(path), _safe_id(Path(path).stem))
    path = source.path
    doc = RawDocument(doc_id=source.doc_id, path=printable(str(path)))
    if source.error:
        doc.error = source.error
        return doc, None
    if path.suffix.lower() in UNSUPPORTED:
        doc.error = f"unsupported format: {UNSUPPORTED[path.suffix.lower()]} (not read as text)"
        return doc, None
    try:
        data = read_bytes(path, max_bytes)
    except OSError as exc:
        doc.error = f"unreadable: {exc.strerror or exc}"
        return doc, None
    except ValueError as exc:
        doc.error = str(exc)
        return doc, None
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.error, text = _decode(data, path)
    if doc.error:
        return doc, data
    doc.text, doc.encoding = text.text, text.encoding
    is_html = path.suffix.lower() in (".html", ".htm") or looks_like_html(doc.text)
    doc.kind = "html" if is_html else "text"
    return doc, data


def _decode(data: bytes, path: Path) -> tuple[str, Decoded | None]:
    """('', decoded) or (the error for documents.csv, None)."""
    if data.startswith(b"%PDF-"):
        return "unsupported format: PDF (not read as text)", None
    try:
        markup = path.suffix.lower() in (".html", ".htm") or looks_like_markup(data)
        if bom_encoding(data) is None and b"\x00" in data[:SNIFF_BYTES]:
            return "binary file (NUL bytes)", None
        decoded = decode(data, markup)
    except DecodeError as exc:
        return str(exc), None
    if not decoded.text.strip():
        return "empty file", None
    return "", decoded


def read_text(path: Path) -> str:
    """A raw document's text exactly as the batch decodes it: the text that mentions.csv,
    entities.csv and facts offsets index (for evaluation, gold checks and review)."""
    data = Path(path).read_bytes()
    markup = Path(path).suffix.lower() in (".html", ".htm") or looks_like_markup(data)
    return decode(data, markup).text


def read_document(path: Path | Source, max_bytes: int | None = None) -> RawDocument:
    return load_document(path, max_bytes)[0]


def iter_documents(paths: list[Path]) -> Iterator[RawDocument]:
    for source in find_documents(paths):
        yield read_document(source)
