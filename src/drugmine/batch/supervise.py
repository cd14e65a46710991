"""Documents in supervised worker processes, under a time limit (--doc-timeout) and a
memory limit (--doc-memory).

A process pool cannot stop one task, so this engine keeps its own workers, one document
at a time each, over a pipe. A document that runs past its limit has its worker killed
and gets an error row; a worker that dies (segfault, the OOM killer) costs only the
document it was running, never the others, and is replaced.

Each worker has one more document waiting in its pipe (PREFETCH), so it never sits idle
while the main process writes tables. A worker says when it starts a document ("start",
with its clock): the time limit runs from then, and when a worker dies only the document
it had started is blamed; the ones still waiting in its pipe go back to the queue. (A
worker that dies with no document started, MAX_REQUEUES times with the same one next in
its pipe, as if reading it killed the worker, gets that document blamed.)
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from collections import deque
from multiprocessing.connection import wait

from ..types import DocumentResult, RawDocument
from .signals import blocked

MAX_START_FAILURES = 3
PREFETCH = 2  # documents sent to a worker at once: the one it runs and the next
MAX_REQUEUES = 3


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


def _worker_main(conn, model: str | None, memory_mb: float | None, parent: int) -> None:
    from . import runner

    runner._init_worker(model, parent)
    inbox = _read_ahead(conn)
    if memory_mb is not None:
        limit_memory(memory_mb)
    conn.send(("ready", None))
    while True:
        raw = inbox.get()
        if raw is None:
            return
        conn.send(("start", time.monotonic()))  # CLOCK_MONOTONIC: one clock for all
        try:
            result = runner.process_document(raw, model)
        except MemoryError:
            result = _failed(raw, "MemoryError")
        if result.error.startswith("MemoryError"):
            result = _failed(raw, f"over the memory limit ({memory_mb:g} MB, --doc-memory)")
        conn.send(("done", result))


def _read_ahead(conn) -> queue.SimpleQueue:
    """Documents from the pipe, read by a thread as soon as they come: the main process
    sends the next document while this worker runs one, and a document bigger than the
    pipe's buffer must not block it while this worker sends its result (a deadlock)."""
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                item = conn.recv()
            except (EOFError, OSError):
                item = None
            inbox.put(item)
            if item is None:
                return

    threading.Thread(target=read, daemon=True, name="drugmine-inbox").start()
    return inbox


class Task:
    """A future for one document; progress is made by whoever asks."""

    def __init__(self, engine: SupervisedEngine, raw: RawDocument) -> None:
        self.engine, self.raw = engine, raw
        self.value: DocumentResult | None = None
        self.requeued = 0

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
        self.conn, self.child = ctx.Pipe()
        args = (self.child, model, memory_mb, os.getpid())
        self.proc = ctx.Process(target=_worker_main, args=args, daemon=True)
        self.ready = False
        self.tasks: deque[Task] = deque()  # sent, in order; tasks[0] runs once started
        self.started: float | None = None  # when tasks[0] started (the worker's clock)

    def start(self) -> None:
        """Fork with stop signals blocked: the child sets its own handling before it takes
        them (a Ctrl-C right then gave a KeyboardInterrupt traceback from the child), and a
        stop signal for the main process is taken after the fork, when the engine already
        lists this worker, so it is killed with the others."""
        with blocked():
            self.proc.start()
        self.child.close()

    def kill(self) -> None:
        if self.proc.pid is not None:  # started
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def _died(w: _Worker) -> str:
    w.proc.join(5)  # its pipe can close before the process is gone: wait for the code
    return f"worker process died (exit code {w.proc.exitcode})"


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
        self.slots = workers * 4  # documents read ahead per worker, as in runner.py
        self.queue: deque[Task] = deque()
        self.start_failures = 0
        self.workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self._start_worker()
        except BaseException:  # a stop signal while starting them: none may stay
            self.terminate()
            raise

    def _start_worker(self, replacing: _Worker | None = None) -> None:
        w = _Worker(self.ctx, self.model, self.memory_mb)
        if replacing is None:
            self.workers.append(w)
        else:
            self.workers[self.workers.index(replacing)] = w
        w.start()

    def submit(self, raw: RawDocument) -> Task:
        task = Task(self, raw)
        self.queue.append(task)
        self.poll(0)
        return task

    def _assign(self) -> None:
        for w in self.workers:
            while w.ready and len(w.tasks) < PREFETCH and self.queue:
                task = self.queue.popleft()
                w.tasks.append(task)
                try:
                    w.conn.send(task.raw)
                except OSError:  # it died: poll() sees that and sends its tasks back
                    break

    def _replace(self, w: _Worker, error: str) -> None:
        waiting = list(w.tasks)
        running = w.started is not None and bool(waiting)
        if running:  # the document it was running is the one to blame
            waiting.pop(0).value = _failed(w.tasks[0].raw, error)
        for task in reversed(waiting):  # sent but not started: back to the front
            task.requeued += not running  # only a death nothing explains counts
            if task.requeued > MAX_REQUEUES:
                task.value = _failed(task.raw, error)
            else:
                self.queue.appendleft(task)
        if not w.ready:  # died while loading the pipeline: no document to blame
            self.start_failures += 1
            if self.start_failures > MAX_START_FAILURES:
                self.terminate()
                raise RuntimeError(f"worker processes die while starting ({error})")
        w.kill()
        self._start_worker(replacing=w)

    def poll(self, wait_seconds: float) -> None:
        """Collect finished documents, enforce the time limit, replace dead workers."""
        self._assign()
        if self.timeout is not None:
            busy = [w.started + self.timeout - time.monotonic()
                    for w in self.workers if w.started is not None]  # fmt: skip
            wait_seconds = max(0.0, min([wait_seconds, *busy]))
        ready = wait([w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers],
                     wait_seconds)  # fmt: skip
        now = time.monotonic()
        for w in list(self.workers):
            if w.conn in ready:
                try:
                    kind, value = w.conn.recv()
                except (EOFError, OSError):
                    self._replace(w, _died(w))
                    continue
                if kind == "ready":
                    w.ready = True
                elif kind == "start":
                    w.started = value
                elif w.tasks:
                    w.tasks.popleft().value, w.started = value, None
            elif w.proc.sentinel in ready and not w.proc.is_alive():
                self._replace(w, _died(w))
            elif w.started is not None and self.timeout is not None:
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
