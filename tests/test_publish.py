"""Publishing the output set: a crash at any step leaves the old set or the new one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import RAW
from test_batch import tree

from drugmine.batch import publish as publish_mod
from drugmine.batch.runner import run_batch
from drugmine.io import find_documents
from drugmine.tables.writer import TableWriter, write_tables

pytestmark = pytest.mark.skipif(not publish_mod.SYMLINKS, reason="needs symlinks")


def corpus(directory: Path, names: list[str]) -> list:
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(RAW / name, directory / name)
    return [r for r, _ in run_batch(find_documents([directory]), model="none")]


class Crash(BaseException):
    """The process stops here: nothing after this step runs (no clean-up either)."""


class CrashingOs:
    """os, except that the n-th rename or symlink in drugmine.batch.publish 'kills the process'."""

    def __init__(self, at: int) -> None:
        self.at, self.calls = at, 0

    def _step(self, real):
        def step(*args, **kw):
            self.calls += 1
            if self.calls == self.at:
                raise Crash
            return real(*args, **kw)

        return step

    def __getattr__(self, name):
        real = getattr(os, name)
        return self._step(real) if name in ("replace", "symlink") else real


@pytest.fixture(scope="module")
def two_sets(tmp_path_factory):
    d = tmp_path_factory.mktemp("sets")
    old = corpus(d / "a", ["101_rituximab.txt", "104_cisplatin.txt"])
    new = corpus(d / "b", ["102_pembrolizumab.html", "106_ibrutinib.txt", "104_cisplatin.txt"])
    return old, new


def test_a_crash_at_every_publish_step_leaves_old_or_new_set(tmp_path, two_sets, monkeypatch):
    old, new = two_sets
    write_tables(old, tmp_path / "ref_old")
    write_tables(new, tmp_path / "ref_new")
    old_tree, new_tree = tree(tmp_path / "ref_old"), tree(tmp_path / "ref_new")
    assert old_tree != new_tree
    seen = set()
    for at in range(1, 40):
        out = tmp_path / f"out{at}"
        write_tables(old, out)
        crashing = CrashingOs(at)
        monkeypatch.setattr(publish_mod, "os", crashing)
        writer = TableWriter(out)
        for r in new:
            writer.add(r)
        try:
            writer.close()
            crashed = False
        except Crash:  # the process would be gone, and the kernel would drop its lock
            crashed = True
            writer.lock.release()
        monkeypatch.setattr(publish_mod, "os", os)
        state = tree(out)
        assert state in (old_tree, new_tree), at
        seen.add("new" if state == new_tree else "old")
        write_tables(new, out)  # the next run repairs nothing by hand: it just works
        assert tree(out) == new_tree
        assert len(list((out / ".gen").iterdir())) == 1  # old generations are removed
        if not crashed:
            break
    assert seen == {"old", "new"} and at > 3  # crashes hit before and after the switch


def test_an_output_folder_of_an_older_drugmine_is_taken_over(tmp_path, two_sets):
    old, new = two_sets
    out = tmp_path / "out"
    (out / "clean").mkdir(parents=True)
    for name in ("documents.csv", "facts.csv", "drugs.json"):
        (out / name).write_text("from an older version\n", encoding="utf-8")
    (out / "clean" / "gone.txt").write_text("stale clean text\n", encoding="utf-8")
    (out / "notes.md").write_text("the user's own file\n", encoding="utf-8")
    write_tables(new, out)
    write_tables(new, tmp_path / "ref")
    expected = {**tree(tmp_path / "ref"), "notes.md": b"the user's own file\n"}
    assert tree(out) == expected  # drugmine deleted only what it had written
