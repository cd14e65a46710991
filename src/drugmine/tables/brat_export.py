"""Export an OUT_DIR as BRAT standoff (<doc_id>.txt + .ann), for reading predictions in
the annotation tool the gold is made with."""

from __future__ import annotations

import re
from pathlib import Path

from ..io import read_text
from ..types import RELATION_ARG2
from .export import (
    ExportError,
    ExportStats,
    changed_message,
    changed_raw_files,
    read_table,
    resolve_raw_path,
)

ANNOTATION_CONF = """[entities]
Drug
DrugClass
Target
Indication
AdverseEffect

[relations]
treats\tArg1:Drug, Arg2:Indication
causes\tArg1:Drug, Arg2:AdverseEffect
targets\tArg1:Drug, Arg2:Target
is_a\tArg1:Drug, Arg2:DrugClass
brand\tArg1:Drug, Arg2:Drug
combined_with\tArg1:Drug, Arg2:Drug
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
"""


def brat_span(start: int, text: str) -> tuple[str, str]:
    """BRAT offsets and text for a span; a span across line breaks becomes fragments."""
    pieces = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\r\n]+", text)]
    if len(pieces) <= 1:
        return f"{start} {start + len(text)}", text
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return offsets, " ".join(text[s - start : e - start] for s, e in pieces)


def brat_lines(doc_mentions: list[dict], doc_facts: list[dict]) -> tuple[list[str], int]:
    """T lines for mentions and R lines for facts whose offsets hit mentions; returns
    the lines and how many facts had no matching mention pair."""
    lines, tid = [], {}
    for i, m in enumerate(sorted(doc_mentions, key=lambda m: (m["start"], m["end"])), 1):
        offsets, text = brat_span(m["start"], m["text"])
        lines.append(f"T{i}\t{m['label']} {offsets}\t{text}")
        tid[(m["start"], m["end"], m["label"])] = f"T{i}"
    seen, missed = set(), 0
    for f in doc_facts:
        arg1 = tid.get((f["drug_start"], f["drug_end"], "Drug"))
        arg2 = tid.get((f["object_start"], f["object_end"], RELATION_ARG2.get(f["relation"])))
        if arg1 is None or arg2 is None:
            missed += 1
            continue
        if (f["relation"], arg1, arg2) not in seen:
            seen.add((f["relation"], arg1, arg2))
            lines.append(f"R{len(seen)}\t{f['relation']} Arg1:{arg1} Arg2:{arg2}")
    return lines, missed


def export_brat(pred: Path, out_dir: Path, raw_dir: Path | None = None) -> ExportStats:
    """<doc_id>.txt (the decoded raw text, so offsets hold) and <doc_id>.ann per document."""
    docs = read_table(pred, "documents", extra=("sha256",))
    changed = changed_raw_files(docs.to_dict("records"), pred, raw_dir)
    if changed:  # the .txt would be the new text, the .ann offsets index the old one
        raise ExportError(f"{changed_message(changed)}: their annotations would point at "
                          "the wrong characters; run `drugmine run` again")  # fmt: skip
    ment = read_table(pred, "mentions")
    fcts = read_table(pred, "facts")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
    rows = {"T lines": 0, "R lines": 0, "facts without both mentions": 0}
    stats = ExportStats(str(out_dir), 0, rows=rows)
    for doc in docs[docs["status"] == "ok"].to_dict("records"):
        raw = resolve_raw_path(doc["path"], pred, raw_dir)
        if raw is None:
            raise ExportError(f"raw file not found: {doc['path']}; pass --raw RAW_DIR")
        # the text the offsets index (drugmine.decoding), as UTF-8: BRAT reads UTF-8
        text = read_text(raw)
        (out_dir / f"{doc['doc_id']}.txt").write_text(text, encoding="utf-8", newline="")
        lines, missed = brat_lines(
            ment[ment["doc_id"] == doc["doc_id"]].to_dict("records"),
            fcts[fcts["doc_id"] == doc["doc_id"]].to_dict("records"),
        )
        text = "".join(f"{line}\n" for line in lines)
        (out_dir / f"{doc['doc_id']}.ann").write_text(text, encoding="utf-8", newline="\n")
        stats.documents += 1
        stats.changed.append(doc["doc_id"])
        stats.rows["T lines"] += sum(1 for line in lines if line.startswith("T"))
        stats.rows["R lines"] += sum(1 for line in lines if line.startswith("R"))
        stats.rows["facts without both mentions"] += missed
    return stats
