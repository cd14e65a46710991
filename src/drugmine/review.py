"""Static HTML pages for reviewers: one document with its facts, and an evaluation report.

Pages are self-contained (inline CSS and SVG, no scripts, no CDN) so they open offline.

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

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

import pandas as pd

from .io import read_text
from .tables.export import ExportError, read_table, resolve_raw_path
from .types import MENTION_LABELS

COLORS = {
    "Drug": "#7aecec",
    "DrugClass": "#bfeeb7",
    "Target": "#feca74",
    "Indication": "#aa9cfc",
    "AdverseEffect": "#ff9561",
}
SERIES_COLORS = {"precision": "#4c78a8", "recall": "#f58518", "f1": "#54a24b", "count": "#e45756"}
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


class ReviewError(ExportError):
    """A missing document or file; shown as one line like export errors."""


CSS = """
body { color: #222; }
.dm-header { margin-bottom: 1.5rem; }
.dm-header h1 { margin: 0 0 .3rem 0; font-size: 1.6rem; }
.dm-meta { color: #555; font-size: .9rem; }
.dm-legend span { display: inline-block; padding: .1em .5em; margin-right: .4em;
  border-radius: .3em; font-size: .85rem; }
table.dm { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 1rem 0 2rem; }
table.dm th, table.dm td { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top;
  text-align: left; }
table.dm th { background: #f3f3f3; }
.conf { display: inline-block; height: .6em; background: #54a24b; margin-left: .4em; }
.tiles { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.tile { border: 1px solid #ccc; border-radius: .4rem; padding: .6rem 1rem; min-width: 12rem; }
.tile b { font-size: 1.4rem; display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
.chart-box { margin: 0 0 1rem 0; }
.chart-box figcaption { font-weight: bold; margin-bottom: .3rem; }
"""


# ---------------------------------------------------------------- show


@dataclass
class Placed:
    """Mentions as displaCy spans over the text actually shown."""

    text: str
    source: str  # "raw" or "clean"
    ents: list[dict] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)


def _document_row(pred: Path, doc_id: str) -> dict:
    docs = read_table(pred, "documents")
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
    """Raw text for .txt sources, the cleaned text otherwise (see the module docstring)."""
    raw_path = resolve_raw_path(doc["path"], pred, raw_dir)
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


# ---------------------------------------------------------------- report


def bar_chart(
    title: str, groups: list[tuple[str, dict[str, float]]], vmax: float, fmt: str = "{:.2f}"
) -> str:
    """A horizontal grouped bar chart as inline SVG; one bar per series within a group."""
    series = list(dict.fromkeys(s for _, values in groups for s in values))
    bar_h, gap, plot_w = 14, 10, 300
    label_w = 16 + 7 * max((len(name) for name, _ in groups), default=8)
    group_h = bar_h * len(series) + gap
    height = 30 + group_h * len(groups) + 10
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'width="{label_w + plot_w + 80}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg" font-size="12"'
        ' font-family="sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    for i, s in enumerate(series):
        x = label_w + i * 90
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{SERIES_COLORS.get(s, "#888")}"/>'
            f'<text x="{x + 14}" y="15">{escape(s)}</text>'
        )
    for g, (name, values) in enumerate(groups):
        y0 = 30 + g * group_h
        mid = y0 + bar_h * len(series) / 2 + 4
        parts.append(
            f'<text x="{label_w - 8}" y="{mid:.0f}" text-anchor="end">{escape(name)}</text>'
        )
        for i, s in enumerate(series):
            value = values.get(s, 0.0)
            w = plot_w * value / vmax if vmax else 0
            y = y0 + i * bar_h
            parts.append(
                f'<rect class="bar" data-group="{escape(name)}" data-series="{escape(s)}" '
                f'data-value="{value:g}" x="{label_w}" y="{y}" width="{w:.1f}" '
                f'height="{bar_h - 2}" fill="{SERIES_COLORS.get(s, "#888")}"/>'
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 3}">{fmt.format(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _read_eval_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise ReviewError(f"missing {path} (is EVAL_DIR the output of `drugmine evaluate`?)")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def score_charts(scores: pd.DataFrame) -> str:
    """One P/R/F1 chart per (level, matching): mentions by label, facts by relation."""
    charts = []
    for (level, matching), frame in scores.groupby(["level", "matching"], sort=False):
        what = "label" if level == "mention" else "relation"
        groups = [
            (r["name"], {k: float(r[k] or 0) for k in ("precision", "recall", "f1")})
            for r in frame.to_dict("records")
        ]
        title = f"{level.capitalize()}s by {what} ({matching})"
        charts.append(_figure(title, bar_chart(title, groups, 1.0)))
    return f'<div class="charts">{"".join(charts)}</div>'


def _figure(title: str, svg: str) -> str:
    return f'<figure class="chart-box"><figcaption>{escape(title)}</figcaption>{svg}</figure>'


def error_chart(errors: pd.DataFrame) -> str:
    """How many errors of each kind: level, FP/FN and category."""
    if errors.empty:
        return "<p>No errors.</p>"
    keys = errors["level"] + " " + errors["error"] + " " + errors["category"]
    counts = keys.value_counts()
    groups = [(k, {"count": float(v)}) for k, v in counts.items()]
    title = "Errors by category"
    return _figure(title, bar_chart(title, groups, float(counts.max()), "{:.0f}"))


def html_table(frame: pd.DataFrame, css_class: str, row_class: str) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = "".join(
        f'<tr class="{row_class}">' + "".join(f"<td>{escape(str(v))}</td>" for v in r) + "</tr>"
        for r in frame.itertuples(index=False)
    )
    return _table(css_class, head, rows)


def _table(css_class: str, head: str, rows: str) -> str:
    thead = f"<thead><tr>{head}</tr></thead>"
    return f'<table class="dm {css_class}">{thead}<tbody>{rows}</tbody></table>'


def _tiles(summary: dict) -> str:
    tiles = []
    for key in ("mentions_strict", "mentions_lenient", "facts"):
        s = summary.get(key)
        if s:
            tiles.append(
                f'<div class="tile" data-key="{key}">{escape(key.replace("_", " "))}'
                f"<b>F1 {s['f1']:.3f}</b>P {s['precision']:.3f} &middot; R {s['recall']:.3f}"
                f" &middot; tp {s['tp']} fp {s['fp']} fn {s['fn']}</div>"
            )
    return f'<div class="tiles">{"".join(tiles)}</div>'


def render_report(eval_dir: Path) -> str:
    """The evaluation report: summary, P/R/F1 charts, error counts, scores and errors."""
    summary_path = eval_dir / "summary.json"
    if not summary_path.exists():
        raise ReviewError(f"missing {summary_path} (is EVAL_DIR an evaluation directory?)")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    scores = _read_eval_csv(eval_dir / "scores.csv")
    errors = _read_eval_csv(eval_dir / "errors.csv")
    body = (
        f'<header class="dm-header"><h1>drugmine evaluation</h1><p class="dm-meta">'
        f"{escape(str(eval_dir))} &middot; {summary.get('documents', '?')} gold documents"
        f"</p></header>{_tiles(summary)}"
        f'<section id="scores"><h2>Scores</h2>{score_charts(scores)}'
        f"{html_table(scores, 'scores', 'score')}</section>"
        f'<section id="errors"><h2>Errors ({len(errors)})</h2>{error_chart(errors)}'
        f"{html_table(errors, 'errors', 'error-row')}</section>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>drugmine evaluation</title><style>{CSS}"
        "body { font-family: sans-serif; padding: 2rem; }</style></head>"
        f"<body>{body}</body></html>"
    )


def write_page(html: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
