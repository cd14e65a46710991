"""Running many documents: in this process, a process pool, or a Dask cluster; with a cache.

The unit of work is `process_document(raw, model)`: a pure function of the document's
text (plus the pipeline version and model), so it can run in any process or on any Dask
worker, and its result can be cached by content hash. The main process reads each file
once (bytes -> content hash -> cache look-up -> decode), ships only documents that are
not cached, and yields results strictly in input order from a bounded window of work in
flight, so outputs are byte-identical whatever the number of workers or the engine, and
memory does not grow with the number of documents.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from ..io import Source, load_document, read_document
from ..pipeline import process
from ..types import DocumentResult, RawDocument
from .cache import CacheWarning, ResultCache, content_key, pipeline_version

__all__ = ["CacheWarning", "ResultCache", "content_key", "pipeline_version", "run_batch"]

IN_FLIGHT_PER_WORKER = 4
PR_SET_PDEATHSIG = 1  # linux/prctl.h

_MODEL: str | None = None


# --------------------------------------------------------------------------- the work


def process_document(raw: RawDocument, model: str | None = None) -> DocumentResult:
    """The per-document function every engine runs; never raises for a bad document."""
    return process(raw, model=model)


def process_file(path: str, model: str | None = None) -> DocumentResult:
    """Read and process one file; never raises (errors become the result's status)."""
    return process_document(read_document(Path(path)), model)


def _die_with_parent() -> None:
    """A worker must not outlive the main process (killed, even with SIGKILL): on Linux
    the kernel sends it SIGKILL when its parent dies (PR_SET_PDEATHSIG); elsewhere a
    daemon thread notices the parent is gone. Ctrl-C reaches the whole process group:
    workers ignore it and the main process stops them."""
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    if os.getppid() != parent:  # pragma: no cover - the parent died before prctl
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="drugmine-parent-watch").start()


def _init_worker(model: str | None) -> None:
    global _MODEL
    _MODEL = model
    _die_with_parent()
    from ..nlp import make_nlp
    from ..nlp.models import resolve_model_name

    make_nlp(resolve_model_name(model))  # load vocabularies and model once per worker


def _pool_task(raw: RawDocument) -> DocumentResult:
    return process_document(raw, _MODEL)


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


class _PoolEngine:
    """A process pool (fork where available, so workers share the parent's pages)."""

    def __init__(self, workers: int, model: str | None) -> None:
        import multiprocessing as mp

        self.workers, self.model = workers, model
        self.slots = workers * IN_FLIGHT_PER_WORKER
        self.ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
        self._start()

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(
            self.workers, mp_context=self.ctx, initializer=_init_worker, initargs=(self.model,)
        )

    def submit(self, raw: RawDocument) -> Future:
        try:
            return self.pool.submit(_pool_task, raw)
        except BrokenProcessPool:  # a worker died: the rest of the batch gets a fresh pool
            self.pool.shutdown(wait=False, cancel_futures=True)
            self._start()
            return self.pool.submit(_pool_task, raw)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        """Stop now (interrupt, SIGTERM): kill the workers instead of finishing their work."""
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for proc in processes:  # first, before any pool lock: they may be held by now
            proc.kill()
        for proc in processes:
            proc.join(5)
        queue = getattr(self.pool, "_call_queue", None)
        if queue is not None:  # do not wait at exit to feed workers that are gone
            queue.cancel_join_thread()
        self.pool.shutdown(wait=False, cancel_futures=True)


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
):
    if engine == "dask":
        return _DaskEngine(scheduler, workers, model)
    if engine != "local":
        raise RuntimeError(f"unknown engine {engine!r}")
    if doc_timeout is not None or doc_memory is not None:  # each document in a worker
        from .supervise import SupervisedEngine

        return SupervisedEngine(max(1, workers), model, doc_timeout, doc_memory)
    return _InlineEngine(model) if workers <= 1 else _PoolEngine(workers, model)


@dataclass
class _Job:
    raw: RawDocument
    key: str | None
    future: object
    cached: bool = False
    retried: bool = False


def _finish(job: _Job, engine) -> DocumentResult:
    while True:
        try:
            return job.future.result()
        except BrokenProcessPool as exc:
            if job.retried:
                return _failed(job.raw, f"worker process died: {exc}")
            job.future, job.retried = engine.submit(job.raw), True
        except Exception as exc:  # a worker or cluster failure costs this document only
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
) -> Iterator[tuple[DocumentResult, bool]]:
    """(result, from_cache) per file, in input order.

    With `doc_timeout` (seconds, local engine) every document runs in a supervised worker
    process (batch/supervise.py), also with one worker, and one over the limit is an error
    row (`timed out after N s`) while the batch goes on; `doc_memory` (MB above what the
    loaded pipeline uses) does the same for memory.

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
                        engine, workers, model, scheduler, doc_timeout, doc_memory
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
    result = replace(_finish(job, runner), sha256=job.raw.sha256)  # also for errors, hits
    if cache is not None and job.key and not job.cached and result.status == "ok":
        cache.put(job.key, result)
    return result, job.cached
