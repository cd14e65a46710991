"""Publishing a run's output set in one step.

A run writes everything (tables, facts.json, drugs.json, clean/) into a new generation
folder `OUT/.gen/<id>.tmp/`; when it is complete it is renamed `OUT/.gen/<id>/` and the
one symlink `OUT/.current` is switched to it by an atomic rename. The contract names in
OUT (`documents.csv`, ..., `clean`) are fixed symlinks through `.current`, made once, so a
reader, or a kill at any moment, sees either the previous set or the new one, never a mix.
Only generation folders drugmine made are ever deleted (the previous one, after the switch,
and those killed runs left). Without symlinks (not POSIX) each file is renamed
into place instead.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .signals import deferred

GEN_DIR = ".gen"
CURRENT = ".current"
SYMLINKS = os.name == "posix"
PUBLISHED: list[Path] = []  # OUT_DIRs this process switched to a new set (see cli/app.py)


def new_generation(out: Path) -> Path:
    """A fresh, empty folder for this run's outputs (dropped again if the run fails).
    The caller holds OUT's lock (tables.OutputLock)."""
    gens = out / GEN_DIR
    gens.mkdir(exist_ok=True)
    remove_stale(out)
    stage = gens / f"{time.time_ns()}-{os.getpid()}.tmp"
    (stage / "clean").mkdir(parents=True)
    return stage


def remove_stale(out: Path) -> None:
    """Every generation but the published one: under the lock no other run is writing, so
    these are left by killed runs (unfinished, or finished but never switched to)."""
    current = out / CURRENT
    keep = Path(os.readlink(current)).name if current.is_symlink() else None
    for gen in (out / GEN_DIR).iterdir():
        if gen.name != keep and not gen.is_symlink():
            shutil.rmtree(gen, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - not on every platform
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _link(target: str, path: Path) -> None:
    """Make `path` a symlink to `target` in one rename (replacing a file from before)."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    if path.is_dir() and not path.is_symlink():  # a clean/ folder of an older drugmine
        legacy = path.with_name(f".{path.name}.legacy-{os.getpid()}.old")
        os.replace(path, legacy)
        shutil.rmtree(legacy, ignore_errors=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def publish(out: Path, stage: Path, names: list[str]) -> None:
    """Make `stage` the published output set: `names` (files, and the `clean` folder)."""
    _fsync_dir(stage)
    if not SYMLINKS:  # pragma: no cover - per-file renames where there are no symlinks
        _publish_by_rename(out, stage, names)
        return
    final = stage.with_name(stage.name[: -len(".tmp")])
    current = out / CURRENT
    with deferred():  # SIGTERM/SIGINT here: taken once the set is in place and said so
        os.replace(stage, final)
        _fsync_dir(final.parent)
        previous = os.readlink(current) if current.is_symlink() else None
        _link(f"{GEN_DIR}/{final.name}", current)  # the switch: one atomic rename
        PUBLISHED.append(out)
        _fsync_dir(out)
        for name in names:  # made once; an older drugmine's real files become links
            _link(f"{CURRENT}/{name}", out / name)
    if previous and previous != f"{GEN_DIR}/{final.name}" and previous.startswith(GEN_DIR):
        shutil.rmtree(out / previous, ignore_errors=True)


def _publish_by_rename(out: Path, stage: Path, names: list[str]) -> None:  # pragma: no cover
    for name in names:
        if name == "clean":
            clean = out / "clean"
            clean.mkdir(exist_ok=True)
            written = set(os.listdir(stage / "clean"))
            for f in sorted(written):
                os.replace(stage / "clean" / f, clean / f)
            for stale in clean.glob("*.txt"):
                if stale.name not in written:
                    stale.unlink(missing_ok=True)
        else:
            os.replace(stage / name, out / name)
    PUBLISHED.append(out)
    shutil.rmtree(stage, ignore_errors=True)


def published_files(out: Path) -> dict[str, bytes]:
    """Every file of the published output set as a reader sees it (through the links;
    the cache, generations and other hidden files left out) -> its bytes."""
    files = {}
    for root, dirs, names in os.walk(out, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = Path(root) / name
            files[str(path.relative_to(out))] = path.read_bytes()
    return dict(sorted(files.items()))
