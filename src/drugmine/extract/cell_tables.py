"""Tables a scrape flattened into one cell per line, each cell closed by "|":

    Drug |
    Common uses |
    Side effects |
    Alpha Beta |
    Infection of the ear |
    Nausea Rash |

The first cells that name nothing are the header; the rest fill its columns row by row.
A column's role comes from its header (a drug column; uses or side effects, read as
section headings are), so each row links its drugs to its uses and its side effects."""

from __future__ import annotations

import re

from .context import heading_role
from .entities import Ent
from .rules import Link, veto

CELL_END = re.compile(r"\|\s*$")
DRUG_COLUMN = re.compile(r"\b(drugs?|medicines?|medications?|names?|generic|agents?)\b", re.I)
HEADER_WORDS = 5  # a header cell is a short label
ROLE_RELATION = {"indication": "treats", "adverse": "causes"}


def _cell_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of consecutive lines that each end with "|" (blank lines end a run)."""
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if CELL_END.search(line):
            run.append((pos, end))
        elif run:
            runs.append(run)
            run = []
        pos = end + 1
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= 4]


def _column_kind(label: str) -> str:
    if DRUG_COLUMN.search(label):
        return "drug"
    return ROLE_RELATION.get(heading_role(label), "")


def cell_table_links(
    text: str, ents: list[Ent], contexts
) -> tuple[list[Link], list[tuple[int, int]]]:
    """Links of every flattened table of the page, and where the tables are (the other
    rules misread their cells: a header cell looks like a section heading)."""
    out: list[Link] = []
    places: list[tuple[int, int]] = []
    for run in _cell_runs(text):
        cells = [[e for e in ents if s <= e.start and e.end <= t] for s, t in run]
        header = 0
        while header < len(run) and not cells[header]:
            s, t = run[header]
            if len(text[s:t].split()) > HEADER_WORDS:
                break
            header += 1
        kinds = [_column_kind(text[s:t].rstrip(" |")) for s, t in run[:header]]
        roles = [k for k in kinds if k in ("treats", "causes")]
        if header < 2 or kinds.count("drug") != 1 or not roles:
            continue
        body = cells[header:]
        places.append((run[0][0], run[-1][1]))
        for r in range(len(body) // header):  # an incomplete last row is a footnote
            row = body[r * header : (r + 1) * header]
            drugs = [e for e in row[kinds.index("drug")] if e.drug]
            for kind, cell in zip(kinds, row, strict=True):
                if kind not in ("treats", "causes"):
                    continue
                for obj in cell:
                    if obj.type != "Disease" or veto(contexts[obj.sent], obj):
                        continue
                    for d in drugs:
                        out.append(Link(d, kind, obj, "table:column", 0.7, obj.sent, layout=True))
    return out, places
