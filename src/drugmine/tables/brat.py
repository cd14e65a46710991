"""Reading gold data: BRAT .ann files and facts.tsv (shared/spec/ANNOTATION.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class AnnSpan:
    id: str
    label: str
    start: int
    end: int
    text: str


@dataclass
class AnnDoc:
    doc_id: str
    spans: dict[str, AnnSpan] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (rel, arg1, arg2)


@dataclass
class GoldFact:
    doc_id: str
    drug: str
    relation: str
    object: str
    aliases: list[str]


class GoldFormatError(ValueError):
    pass


def read_ann(path: Path) -> AnnDoc:
    doc = AnnDoc(path.stem)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            if line.startswith("T"):
                label, start, end = parts[1].split(" ")
                doc.spans[parts[0]] = AnnSpan(
                    parts[0], label, int(start), int(end), parts[2] if len(parts) > 2 else ""
                )
            elif line.startswith("R"):
                rel, a1, a2 = parts[1].split(" ")
                doc.relations.append((rel, a1.split(":", 1)[1], a2.split(":", 1)[1]))
        except (IndexError, ValueError) as exc:
            raise GoldFormatError(f"{path}:{n}: cannot parse {line!r}") from exc
    return doc


def read_ann_dir(directory: Path) -> dict[str, AnnDoc]:
    return {p.stem: read_ann(p) for p in sorted(directory.glob("*.ann"))}


def read_facts_tsv(path: Path) -> list[GoldFact]:
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"doc_id", "drug", "relation", "object"} - set(reader.fieldnames or [])
        if missing:
            raise GoldFormatError(f"{path}: missing columns {sorted(missing)}")
        for row in reader:
            aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
            out.append(
                GoldFact(
                    row["doc_id"],
                    row["drug"].strip().lower(),
                    row["relation"].strip(),
                    row["object"].strip(),
                    aliases,
                )
            )
    return out
