"""The real-page corpus holds what issue 14 asks of it: enough pages, sites and areas, every
real page with its source row, split and gold, held-out pages apart from the dev pages."""

from __future__ import annotations

import csv
import re

from conftest import ANNOTATIONS, RAW

COLUMNS = ["doc_id", "url", "taken", "site", "area", "style", "split"]


def _sources() -> list[dict[str, str]]:
    with open(ANNOTATIONS / "sources.tsv", encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    assert reader.fieldnames == COLUMNS
    return list(reader)


def _splits() -> dict[str, str]:
    out = {}
    for line in (ANNOTATIONS / "splits.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            doc_id, split = line.split("\t")[:2]
            out[doc_id] = split.strip()
    return out


def test_every_real_page_has_a_source_row_a_split_gold_and_its_text():
    splits = _splits()
    for row in _sources():
        assert row["split"] == splits.get(row["doc_id"]), row["doc_id"]
        assert row["split"] in ("real-dev", "real-heldout"), row
        assert re.fullmatch(r"https?://\S+", row["url"]), row
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["taken"]), row
        assert (ANNOTATIONS / f"{row['doc_id']}.ann").exists(), row["doc_id"]
        assert list(RAW.glob(f"{row['doc_id']}.*")), row["doc_id"]
    real = {d for d, s in splits.items() if s.startswith("real-")}
    assert real == {row["doc_id"] for row in _sources()}


def test_the_corpus_is_as_broad_as_the_issue_asks():
    rows = _sources()
    by_split = {s: [r for r in rows if r["split"] == s] for s in ("real-dev", "real-heldout")}
    assert len(rows) >= 100
    assert len(by_split["real-dev"]) >= 60 and len(by_split["real-heldout"]) >= 40
    assert len({r["site"] for r in rows}) >= 50
    areas = {re.split(r"[ (/]", r["area"].lower())[0] for r in rows}
    assert len(areas) >= 25


def test_held_out_pages_share_no_site_with_the_dev_pages():
    rows = _sources()
    dev = {r["site"] for r in rows if r["split"] == "real-dev"}
    held = {r["site"] for r in rows if r["split"] == "real-heldout"}
    assert not dev & held
