"""Static HTML pages for reviewers: one document with its facts (show.py), and an
evaluation report (report.py); here what both pages share.

Pages are self-contained (inline CSS and SVG, no scripts, no CDN) so they open offline.
"""

from __future__ import annotations

from pathlib import Path

from ..tables.export import ExportError


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


def _table(css_class: str, head: str, rows: str) -> str:
    thead = f"<thead><tr>{head}</tr></thead>"
    return f'<table class="dm {css_class}">{thead}<tbody>{rows}</tbody></table>'


def write_page(html: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
