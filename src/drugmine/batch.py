"""Running many documents: sequential, a process pool, or a Dask cluster; with a cache.

The unit of work is `process_file(path)`: a pure function of the file's bytes (plus the
pipeline version and model), so results can be cached by content hash, computed in any
process, and written in input order, which keeps outputs byte-identical across runs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from . import PIPELINE_VERSION
from .io import read_document
from .pipeline import process
from .types import DocumentResult

_MODEL: str | None = None


def content_key(path: Path, model: str | None) -> str | None:
    """Cache key: file bytes + pipeline version + model; None when the file is unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(data)
    h.update(f"|{path.stem}|{PIPELINE_VERSION}|{model}".encode())
    return h.hexdigest()


class ResultCache:
    """Pickled DocumentResults keyed by content hash, so re-runs skip unchanged documents."""

    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.pkl"

    def get(self, key: str) -> DocumentResult | None:
        try:
            with open(self._path(key), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def put(self, key: str, result: DocumentResult) -> None:
        path = self._path(key)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)


def process_file(path: str, model: str | None = None) -> DocumentResult:
    """Read and process one file; never raises (errors become the result's status)."""
    return process(read_document(Path(path)), model=model)


def _init_worker(model: str | None) -> None:
    global _MODEL
    _MODEL = model
    from .nlp import make_nlp
    from .nlp.models import resolve_model_name

    make_nlp(resolve_model_name(model))  # load vocabularies once per worker


def _worker(path: str) -> DocumentResult:
    return process_file(path, _MODEL)


def _compute(
    paths: list[str], workers: int, model: str | None, engine: str, scheduler: str | None
) -> Iterator[DocumentResult]:
    if not paths:
        return
    if engine == "dask":
        yield from _dask(paths, model, scheduler)
    elif workers <= 1:
        for p in paths:
            yield process_file(p, model)
    else:
        import multiprocessing as mp

        ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
        with ctx.Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
            yield from pool.imap(_worker, paths, chunksize=4)


def _dask(paths: list[str], model: str | None, scheduler: str | None) -> Iterator[DocumentResult]:
    """Same per-document function on a Dask cluster; results come back in input order."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("--engine dask needs `pip install drugmine[dask]`") from exc
    client = Client(scheduler) if scheduler else Client(processes=True, n_workers=2)
    try:
        window = 64
        futures = [client.submit(process_file, p, model, pure=False) for p in paths[:window]]
        nxt = window
        while futures:
            result = futures.pop(0).result()
            if nxt < len(paths):
                futures.append(client.submit(process_file, paths[nxt], model, pure=False))
                nxt += 1
            yield result
    finally:
        client.close()


def run_batch(
    files: list[Path],
    *,
    workers: int = 1,
    model: str | None = None,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[tuple[DocumentResult, bool]]:
    """(result, from_cache) per file, in input order; uncached files are computed in chunks."""
    chunk = max(64, workers * 16)
    for i in range(0, len(files), chunk):
        part = files[i : i + chunk]
        keys = [content_key(f, model) if cache else None for f in part]
        cached = [cache.get(k) if cache and k else None for k in keys]
        todo = [str(f) for f, c in zip(part, cached, strict=True) if c is None]
        fresh = _compute(todo, workers, model, engine, scheduler)
        for f, key, hit in zip(part, keys, cached, strict=True):
            if hit is not None:
                yield replace(hit, doc_id=f.stem, path=str(f)), True
                continue
            result = next(fresh)
            if cache and key and result.status == "ok":
                cache.put(key, result)
            yield result, False
