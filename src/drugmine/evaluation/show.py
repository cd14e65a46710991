"""The review page of one document (`drugmine show`): its text with the mentions
highlighted (displaCy), then its facts with their evidence.

Where mentions are drawn (`drugmine show`): mention offsets are RAW offsets. For a
``.txt`` source the raw text itself is rendered, so every mention sits exactly where the
pipeline found it (boilerplate included). For HTML sources the cleaned text
(``OUT/clean/<doc_id>.txt``) is rendered instead, and each mention is placed by searching
for its text (entities decoded, no-break spaces and dashes folded) near its proportionally
mapped position: mentions are taken in raw order, the position is mapped from the last
placed mention (``anchor_clean + (start - anchor_raw) * len(clean) / len(raw)``), and only
occurrences after the last placed mention and within the raw distance are considered, the
nearest winning. Mentions that cannot be placed are listed under the text.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from ..io import read_text
from ..tables.export import changed_since_run, read_table, resolve_raw_path
from ..types import MENTION_LABELS
from .review import CSS, ReviewError, _table

COLORS = {
    "Drug": "#7aecec",
    "DrugClass": "#bfeeb7",
    "Target": "#feca74",
    "Indication": "#aa9cfc",
    "AdverseEffect": "#ff9561",
}
SLACK = 200  # characters a cleaned stretch may exceed its raw stretch by (line joins)
FOLD = str.maketrans(
    {
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)





@dataclass
class Placed:
    """Mentions as displaCy spans over the text actually shown."""

    text: str
    source: str  # "raw" or "clean"
    ents: list[dict] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)


def _document_row(pred: Path, doc_id: str) -> dict:
    docs = read_table(pred, "documents", extra=("sha256",))
    row = docs[docs["doc_id"] == doc_id]
    if row.empty:
        known = ", ".join(docs["doc_id"].head(5))
        raise ReviewError(f"unknown doc_id {doc_id!r} in {pred / 'documents.csv'} (e.g. {known})")
    doc = row.iloc[0].to_dict()
    if doc["status"] != "ok":
        raise ReviewError(f"document {doc_id} was not processed: {doc['error']}")
    return doc


def _read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def fold(text: str) -> str:
    """Same-length folding of the characters cleaning normalises (no-break spaces, dashes,
    curly quotes), so a raw mention's text is found in the cleaned text."""
    return text.translate(FOLD)


def locate(mentions: list[dict], clean: str, raw_len: int) -> tuple[list[dict], list[dict]]:
    """Place raw-offset mentions in the cleaned text, in raw order: the first occurrence of
    the mention's text after the last placed mention and no further from it than the raw
    distance (cleaning only shortens). Returns (ents, unplaced)."""
    hay = fold(clean)
    cursor = anchor_raw = 0
    ents, unplaced = [], []
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        limit = cursor + max(0, m["start"] - anchor_raw) + SLACK
        found = [
            (pos, pos + len(needle))
            for needle in dict.fromkeys(fold(t) for t in (m["text"], unescape(m["text"])))
            for pos in _occurrences(hay, needle, cursor, limit)
        ]
        if not found:
            unplaced.append(m)
            continue
        start, end = min(found)
        ents.append({"start": start, "end": end, "label": m["label"]})
        cursor, anchor_raw = end, m["end"]
    return ents, unplaced


def _occurrences(text: str, needle: str, lo: int, hi: int) -> Iterator[int]:
    """The first start position of needle in text[lo:], if it is at or before hi."""
    pos = text.find(needle, lo) if needle else -1
    if 0 <= pos <= hi:
        yield pos


def _non_overlapping(mentions: list[dict]) -> tuple[list[dict], list[dict]]:
    """displaCy's ent style cannot nest; keep the longest of overlapping raw spans."""
    ents, dropped, last_end = [], [], -1
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        if m["start"] < last_end:
            dropped.append(m)
            continue
        ents.append({"start": m["start"], "end": m["end"], "label": m["label"]})
        last_end = m["end"]
    return ents, dropped


def place_mentions(doc: dict, mentions: list[dict], pred: Path, raw_dir: Path | None) -> Placed:
    """Raw text for .txt sources, the cleaned text otherwise (see the module docstring).

    A .txt source whose bytes changed since the run is refused: its mentions' offsets
    index the old text. For HTML the run's cleaned text is shown, so a warning is enough."""
    raw_path = resolve_raw_path(doc["path"], pred, raw_dir)
    changed = changed_since_run(doc, raw_path)
    if changed:
        why = f"{raw_path} changed since the run (its sha256 differs from documents.csv)"
        if raw_path.suffix.lower() == ".txt":
            raise ReviewError(f"{why}: its mentions would be drawn at the wrong characters; "
                              "run `drugmine run` again")  # fmt: skip
        warnings.warn(f"{why}; showing the run's cleaned text", UserWarning, stacklevel=2)
    if raw_path is not None and raw_path.suffix.lower() == ".txt":
        ents, dropped = _non_overlapping(mentions)
        return Placed(read_text(raw_path), "raw", ents, dropped)  # decoded as the run did
    clean_path = pred / "clean" / f"{doc['doc_id']}.txt"
    if not clean_path.exists():
        raise ReviewError(f"missing {clean_path}")
    clean = _read_text(clean_path)
    raw_len = int(doc["chars_raw"]) if int(doc["chars_raw"]) > 0 else len(clean)
    ents, unplaced = locate(mentions, clean, raw_len)
    return Placed(clean, "clean", ents, unplaced)


def _highlight(sentence: str, needle: str) -> str:
    """The evidence sentence, escaped, with the object's surface form in bold."""
    at = sentence.lower().find(needle.lower()) if needle else -1
    if at < 0:
        return escape(sentence)
    end = at + len(needle)
    return f"{escape(sentence[:at])}<b>{escape(sentence[at:end])}</b>{escape(sentence[end:])}"


def facts_table(doc_facts: list[dict], raw: str | None) -> str:
    """The document's facts, strongest first within each relation, with evidence."""
    order = {r: i for i, r in enumerate(("treats", "causes", "targets", "is_a", "brand"))}
    rows = sorted(doc_facts, key=lambda f: (order.get(f["relation"], 9), -f["confidence"]))
    body = []
    for f in rows:
        surface = f["object"]
        if raw is not None and 0 <= f["object_start"] < f["object_end"] <= len(raw):
            surface = raw[f["object_start"] : f["object_end"]]
        aliases = f["aliases"].replace("|", ", ")
        width = int(max(0.0, min(1.0, f["confidence"])) * 60)
        body.append(
            f'<tr class="fact" data-relation="{escape(f["relation"])}">'
            f"<td>{escape(f['drug'])}</td><td>{escape(f['relation'])}</td>"
            f"<td>{escape(f['object'])}<br><small>{escape(aliases)}</small></td>"
            f'<td class="confidence">{f["confidence"]:.2f}'
            f'<span class="conf" style="width:{width}px"></span></td>'
            f"<td>{escape(f['method'])}</td>"
            f'<td class="evidence">{_highlight(f["evidence"], surface)}</td></tr>'
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("drug", "relation", "object", "confidence", "method", "evidence")
    )
    if not body:
        return '<p class="no-facts">No facts were extracted from this document.</p>'
    return _table("facts", head, "".join(body))


def _legend() -> str:
    spans = "".join(
        f'<span style="background:{COLORS[label]}">{label}</span>' for label in MENTION_LABELS
    )
    return f'<p class="dm-legend">{spans}</p>'


def _unplaced_list(placed: Placed) -> str:
    if not placed.unplaced:
        return ""
    items = "".join(
        f"<li>{escape(m['label'])}: {escape(m['text'])} (raw {m['start']}-{m['end']})</li>"
        for m in placed.unplaced
    )
    why = "overlap a longer mention" if placed.source == "raw" else "were not found nearby"
    return (
        f'<section class="unplaced"><h3>{len(placed.unplaced)} mentions not placed '
        f"(they {why})</h3><ul>{items}</ul></section>"
    )


def render_show(pred: Path, doc_id: str, raw_dir: Path | None = None) -> str:
    """The review page of one document: highlighted text (displaCy), then its facts."""
    from spacy import displacy

    doc = _document_row(pred, doc_id)
    ment = read_table(pred, "mentions")
    fcts = read_table(pred, "facts")
    doc_mentions = ment[ment["doc_id"] == doc_id].to_dict("records")
    doc_facts = fcts[fcts["doc_id"] == doc_id].to_dict("records")
    placed = place_mentions(doc, doc_mentions, pred, raw_dir)
    page = displacy.render(
        {"text": placed.text, "ents": placed.ents, "title": None},
        style="ent",
        manual=True,
        page=True,
        jupyter=False,
        options={"ents": list(MENTION_LABELS), "colors": COLORS},
    )
    shown = "raw text" if placed.source == "raw" else "cleaned text (HTML source)"
    header = (
        f'<header class="dm-header"><h1>{escape(doc_id)}</h1><p class="dm-meta">'
        f"{escape(doc['path'])} &middot; showing the {shown} &middot; "
        f"{len(placed.ents)} of {len(doc_mentions)} mentions highlighted &middot; "
        f"{len(doc_facts)} facts</p>{_legend()}</header>"
    )
    raw = placed.text if placed.source == "raw" else None
    facts_html = f'<section id="facts"><h2>Facts</h2>{facts_table(doc_facts, raw)}</section>'
    return _wrap(page, f"drugmine: {doc_id}", header, _unplaced_list(placed) + facts_html)


def _wrap(page: str, title: str, before: str, after: str) -> str:
    """Put our title, CSS, header and sections around displaCy's page."""
    page = page.replace("<title>displaCy</title>", f"<title>{escape(title)}</title>", 1)
    page = page.replace("</head>", f'<meta charset="utf-8"><style>{CSS}</style></head>', 1)
    at = page.index(">", page.index("<body")) + 1
    page = page[:at] + before + page[at:]
    end = page.rindex("</body>")
    return page[:end] + after + page[end:]
