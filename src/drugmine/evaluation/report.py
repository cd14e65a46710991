"""The HTML evaluation report (`drugmine report`): summary tiles, inline-SVG charts of
P/R/F1 and of error counts, the score table and every error."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pandas as pd

from .review import CSS, ReviewError, _table

SERIES_COLORS = {"precision": "#4c78a8", "recall": "#f58518", "f1": "#54a24b", "count": "#e45756"}




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
