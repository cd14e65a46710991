"""Documents in supervised worker processes, under a time limit (--doc-timeout) and a
memory limit (--doc-memory).

A process pool cannot stop one task, so this engine keeps its own workers, one document
at a time each, over a pipe. A document that runs past its limit has its worker killed
and gets an error row; a worker that dies (segfault, the OOM killer) costs only the
document it was running, never the others, and is replaced. The time starts when the
document is handed to a worker that has finished loading the pipeline.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from multiprocessing.connection import wait

from ..types import DocumentResult, RawDocument

MAX_START_FAILURES = 3


def _failed(raw: RawDocument, error: str) -> DocumentResult:
    return DocumentResult(
        raw.doc_id, raw.path, "error", error, chars_raw=len(raw.text), encoding=raw.encoding
    )


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux /proc), 0 when unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(megabytes: float) -> bool:
    """Cap this worker's address space at what the loaded pipeline uses plus `megabytes`
    (RLIMIT_AS): a document needing more gets MemoryError instead of the OOM killer
    taking the machine down. False where there is no such limit."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return False
    base = _address_space()
    if not base:  # pragma: no cover - no /proc
        return False
    soft = base + int(megabytes * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:  # pragma: no cover
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    return True


def _worker_main(conn, model: str | None, memory_mb: float | None) -> None:
    from . import runner

    runner._init_worker(model)
    if memory_mb is not None:
        limit_memory(memory_mb)
    conn.send(("ready", None))
    while True:
        try:
            raw = conn.recv()
        except EOFError:
            return
        if raw is None:
            return
        try:
            result = runner.process_document(raw, model)
        except MemoryError:
            result = _failed(raw, "MemoryError")
        if result.error.startswith("MemoryError"):
            result = _failed(raw, f"over the memory limit ({memory_mb:g} MB, --doc-memory)")
        conn.send(("done", result))


class Task:
    """A future for one document; progress is made by whoever asks."""

    def __init__(self, engine: SupervisedEngine, raw: RawDocument) -> None:
        self.engine, self.raw = engine, raw
        self.value: DocumentResult | None = None

    def done(self) -> bool:
        if self.value is None:
            self.engine.poll(0)
        return self.value is not None

    def result(self) -> DocumentResult:
        while self.value is None:
            self.engine.poll(0.2)
        return self.value


class _Worker:
    def __init__(self, ctx, model: str | None, memory_mb: float | None) -> None:
        self.conn, child = ctx.Pipe()
        args = (child, model, memory_mb)
        self.proc = ctx.Process(target=_worker_main, args=args, daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class SupervisedEngine:
    def __init__(
        self,
        workers: int,
        model: str | None,
        timeout: float | None,
        memory_mb: float | None = None,
    ) -> None:
        self.ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
        self.model, self.timeout, self.memory_mb = model, timeout, memory_mb
        self.slots = workers * 2
        self.queue: deque[Task] = deque()
        self.start_failures = 0
        self.workers = [_Worker(self.ctx, model, memory_mb) for _ in range(workers)]

    def submit(self, raw: RawDocument) -> Task:
        task = Task(self, raw)
        self.queue.append(task)
        self.poll(0)
        return task

    def _assign(self) -> None:
        for w in self.workers:
            if w.ready and w.task is None and self.queue:
                w.task = self.queue.popleft()
                w.started = time.monotonic()
                w.conn.send(w.task.raw)

    def _replace(self, w: _Worker, error: str) -> None:
        if w.task is not None:
            w.task.value = _failed(w.task.raw, error)
        elif not w.ready:  # died while loading the pipeline: no document to blame
            self.start_failures += 1
            if self.start_failures > MAX_START_FAILURES:
                self.terminate()
                raise RuntimeError(f"worker processes die while starting ({error})")
        w.kill()
        self.workers[self.workers.index(w)] = _Worker(self.ctx, self.model, self.memory_mb)

    def poll(self, wait_seconds: float) -> None:
        """Collect finished documents, enforce the time limit, replace dead workers."""
        self._assign()
        if self.timeout is not None:
            busy = [w.started + self.timeout - time.monotonic() for w in self.workers if w.task]
            wait_seconds = max(0.0, min([wait_seconds, *busy]))
        ready = wait([w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers],
                     wait_seconds)  # fmt: skip
        now = time.monotonic()
        for w in list(self.workers):
            if w.conn in ready:
                try:
                    kind, value = w.conn.recv()
                except (EOFError, OSError):
                    self._replace(w, f"worker process died (exit code {w.proc.exitcode})")
                    continue
                if kind == "ready":
                    w.ready = True
                elif w.task is not None:
                    w.task.value, w.task = value, None
            elif w.proc.sentinel in ready and not w.proc.is_alive():
                self._replace(w, f"worker process died (exit code {w.proc.exitcode})")
            elif w.task is not None and self.timeout is not None:
                if now - w.started >= self.timeout:
                    self._replace(w, f"timed out after {self.timeout:g} s (--doc-timeout)")
        self._assign()

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in self.workers:
            w.proc.join(10)
            w.kill()

    def terminate(self) -> None:
        for w in self.workers:
            w.kill()
