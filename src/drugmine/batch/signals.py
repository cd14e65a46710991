"""Stop signals: SIGINT exits 130, SIGTERM 143, SIGHUP 129 (128 + N) whenever they come,
with the workers stopped and nothing half-written; workers never outlive the main process.

A drugmine command goes through three phases (drugmine.cli installs, cli/app.main arms
and ends):

- early, from the first line of `drugmine.cli` until the command starts: nothing is
  started or written yet, so a stop signal exits at once with one line (before, a
  signal during the imports, about 0.6 s, killed the process by its default action);
- armed, while the command runs: SIGINT raises KeyboardInterrupt, SIGTERM and SIGHUP
  raise `Stopped` (a BaseException: no per-document handler swallows them); the batch
  kills its workers, the writer drops its unfinished set, and further stop signals are
  ignored so they cannot break that clean-up. Inside `deferred()` (the publish switch)
  a signal is held until the block ends, so the report says truthfully which set is in
  place;
- ended, once the command returned: a signal that came is reported and exits 128 + N;
  stop signals are blocked from then on, so interpreter shutdown (which puts back the
  default actions) cannot turn one into death by the signal.

A signal the caller left ignored (`nohup` ignores SIGHUP) stays ignored, as in shells;
one it left blocked is unblocked. Library use (no `drugmine.cli` entry) installs nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

STOP_SIGNALS = tuple(
    s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None
)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _mask(how: int, signals) -> set:
    """pthread_sigmask where there is one (POSIX); the previous mask."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        return set()
    return signal.pthread_sigmask(how, signals)


class Stopped(BaseException):
    """SIGTERM/SIGHUP as an exception (not an Exception: no per-document handler may
    swallow it), so workers are stopped and partial outputs dropped on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_state: dict = {"phase": "off", "held": None, "depth": 0, "handled": ()}


def _handler(signum, _frame) -> None:
    if _state["phase"] == "early":  # nothing started: exit at once
        name = signal.Signals(signum).name
        os.write(2, f"drugmine: stopped by {name} before it started; nothing written\n".encode())
        os._exit(128 + signum)
    if _state["depth"] or _state["phase"] == "ended":
        _state["held"] = _state["held"] or signum  # the first one counts
        return
    stop(signum)


def stop(signum: int) -> None:
    """Raise the exception for signum, ignoring further stop signals (clean-up runs)."""
    for s in _state["handled"]:
        signal.signal(s, signal.SIG_IGN)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _install(phase: str) -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    if _state["phase"] == "off":  # the first time: keep what the caller ignores
        _state["handled"] = tuple(s for s in STOP_SIGNALS if signal.getsignal(s) != signal.SIG_IGN)
    _state["phase"] = phase
    for s in _state["handled"]:
        signal.signal(s, _handler)
    _mask(getattr(signal, "SIG_UNBLOCK", 0), _state["handled"])


def install_early() -> None:
    """At the first line of drugmine.cli, when it is being run as the command."""
    _install("early")


def arm() -> None:
    """The command starts: stop signals now raise (KeyboardInterrupt, Stopped)."""
    _install("armed")


def end() -> int | None:
    """The command returned: block stop signals for good; the one that came, if any."""
    _state["phase"] = "ended"
    _mask(getattr(signal, "SIG_BLOCK", 0), STOP_SIGNALS)
    pending = signal.sigpending() & set(_state["handled"]) if hasattr(signal, "sigpending") else ()
    return _state["held"] or (min(pending) if pending else None)


@contextlib.contextmanager
def deferred():
    """A stop signal inside the block is raised when the block ends (armed phase)."""
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1
        held = _state["held"]
        if not _state["depth"] and held and _state["phase"] == "armed":
            _state["held"] = None
            stop(held)


@contextlib.contextmanager
def blocked():
    """Stop signals held by the kernel in this thread (around a fork: the child starts
    with them blocked and sets its own handling before it takes them)."""
    old = _mask(getattr(signal, "SIG_BLOCK", 0), STOP_SIGNALS)
    try:
        yield
    finally:
        _mask(getattr(signal, "SIG_SETMASK", 0), old)


def die_with_parent(parent: int) -> None:
    """In a worker: never outlive the main process `parent` (killed, even with SIGKILL).
    On Linux the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG); elsewhere a
    daemon thread notices. Ctrl-C reaches the whole process group: workers ignore it and
    the main process stops them. Called with stop signals blocked (blocked()); unblocks
    them once the worker's own handling is set."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOP_SIGNALS[1:]:
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    if os.getppid() != parent:  # the parent died before prctl: no signal will come
        os._exit(1)
    _mask(getattr(signal, "SIG_UNBLOCK", 0), STOP_SIGNALS)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="drugmine-parent-watch").start()
