"""Running many documents: in this process, in supervised worker processes (supervise.py)
or on a Dask cluster; with a cache.

The unit of work is `process_document(raw, model)`: a pure function of the document's
text (plus the pipeline version and model), so it can run in any process or on any Dask
worker, and its result can be cached by content hash. The main process reads each file
once (bytes -> content hash -> cache look-up -> decode), ships only documents that are
not cached, and yields results strictly in input order from a bounded window of work in
flight, so outputs are byte-identical whatever the number of workers or the engine, and
memory does not grow with the number of documents.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..io import Source, load_document, read_document
from ..pipeline import process
from ..types import DocumentResult, RawDocument
from .cache import CacheWarning, ResultCache, content_key, pipeline_version
from .signals import die_with_parent

__all__ = ["CacheWarning", "ResultCache", "content_key", "pipeline_version", "run_batch"]

IN_FLIGHT_PER_WORKER = 4

# --------------------------------------------------------------------------- the work


def process_document(raw: RawDocument, model: str | None = None) -> DocumentResult:
    """The per-document function every engine runs; never raises for a bad document."""
    return process(raw, model=model)


def process_file(path: str, model: str | None = None) -> DocumentResult:
    """Read and process one file; never raises (errors become the result's status)."""
    return process_document(read_document(Path(path)), model)


def _init_worker(model: str | None, parent: int) -> None:
    """A worker of the main process `parent`: dies with it, loads the pipeline once."""
    die_with_parent(parent)
    from ..nlp import make_nlp
    from ..nlp.models import resolve_model_name

    make_nlp(resolve_model_name(model))  # load vocabularies and model once per worker


class _Done:
    """A finished 'future' for work done in this process."""

    def __init__(self, result: DocumentResult) -> None:
        self._result = result

    def done(self) -> bool:
        return True

    def result(self) -> DocumentResult:
        return self._result


class _InlineEngine:
    slots = 1

    def __init__(self, model: str | None) -> None:
        self.model = model

    def submit(self, raw: RawDocument) -> _Done:
        return _Done(process_document(raw, self.model))

    def close(self) -> None:
        pass


class _DaskEngine:
    """The same per-document function on a Dask distributed cluster."""

    def __init__(self, scheduler: str | None, workers: int, model: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError("--engine dask needs `pip install drugmine[dask]`") from exc
        self.model = model
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise RuntimeError(f"cannot reach Dask scheduler {scheduler}: {exc}") from exc
        else:
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)
        threads = sum(self.client.nthreads().values()) or workers
        self.slots = max(8, threads * IN_FLIGHT_PER_WORKER)

    def submit(self, raw: RawDocument):
        return self.client.submit(process_document, raw, self.model, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _engine(
    engine: str,
    workers: int,
    model: str | None,
    scheduler: str | None,
    doc_timeout: float | None = None,
    doc_memory: float | None = None,
    isolate: bool = False,
):
    if engine == "dask":
        return _DaskEngine(scheduler, workers, model)
    if engine != "local":
        raise RuntimeError(f"unknown engine {engine!r}")
    if workers > 1 or isolate or doc_timeout is not None or doc_memory is not None:
        from .supervise import SupervisedEngine  # each document in a supervised worker

        return SupervisedEngine(max(1, workers), model, doc_timeout, doc_memory)
    return _InlineEngine(model)


@dataclass
class _Job:
    raw: RawDocument
    key: str | None
    future: object
    cached: bool = False


def _finish(job: _Job) -> DocumentResult:
    try:
        return job.future.result()
    except Exception as exc:  # a Dask worker or cluster failure costs this document only
        return _failed(job.raw, f"worker failed: {type(exc).__name__}: {exc}")


def _failed(raw: RawDocument, error: str) -> DocumentResult:
    return DocumentResult(
        raw.doc_id, raw.path, "error", error, chars_raw=len(raw.text), encoding=raw.encoding
    )


def run_batch(
    files: Iterable[Path | Source],
    *,
    workers: int = 1,
    model: str | None = None,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    max_bytes: int | None = None,
    doc_timeout: float | None = None,
    doc_memory: float | None = None,
    isolate: bool = False,
) -> Iterator[tuple[DocumentResult, bool]]:
    """(result, from_cache) per file, in input order.

    Local engine: with more than one worker, a limit, or `isolate`, every document runs in
    a supervised worker process (batch/supervise.py), one document per worker at a time,
    so a worker that dies costs exactly the document it was running; `doc_timeout`
    (seconds) and `doc_memory` (MB above what the loaded pipeline uses) make a document
    over either limit an error row while the batch goes on. One worker, no limit and no
    `isolate` (library use, tests) runs in this process. `drugmine run` always isolates,
    with default limits (cli/run.py).

    A Source (from io.find_documents) brings its unique doc_id; a plain Path gets its stem.
    `files` is consumed lazily: at most a few documents per worker are read ahead, so a
    generator over 100k paths runs in constant memory. Unreadable files never reach a
    worker; their error result is made here."""
    version = pipeline_version(model) if cache is not None else ""
    runner = None
    pending: deque[_Job] = deque()
    try:
        for item in files:
            raw, data = load_document(item if isinstance(item, Source) else Path(item), max_bytes)
            key = (
                content_key(data, raw.doc_id, version, raw.kind, raw.encoding)
                if cache and data
                else None
            )
            hit = cache.get(key) if cache and key else None
            if hit is not None:
                hit = replace(hit, doc_id=raw.doc_id, path=raw.path)
                pending.append(_Job(raw, key, _Done(hit), cached=True))
            elif raw.error:
                pending.append(_Job(raw, None, _Done(process(raw, model))))
            else:
                if runner is None:
                    runner = _engine(
                        engine, workers, model, scheduler, doc_timeout, doc_memory, isolate
                    )
                pending.append(_Job(raw, key, runner.submit(raw)))
            slots = runner.slots if runner is not None else 1
            while pending and (len(pending) > slots or pending[0].future.done()):
                yield _emit(pending.popleft(), runner, cache)
        while pending:
            yield _emit(pending.popleft(), runner, cache)
    except BaseException:  # interrupted, stopped, or the consumer closed us early
        if runner is not None:
            getattr(runner, "terminate", runner.close)()
            runner = None
        raise
    finally:
        if runner is not None:
            runner.close()


def _emit(job: _Job, runner, cache: ResultCache | None) -> tuple[DocumentResult, bool]:
    result = replace(_finish(job), sha256=job.raw.sha256)  # also for errors, hits
    if cache is not None and job.key and not job.cached and result.status == "ok":
        cache.put(job.key, result)
    return result, job.cached
