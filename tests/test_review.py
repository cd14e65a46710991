"""Review pages (`drugmine show`, `drugmine report`) loaded in headless Chromium.

Assertions are on the DOM Chromium builds (--dump-dom); a screenshot of each page is kept
under tests/artifacts/ for a human to look at.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from drugmine.evaluation.evaluate import evaluate, write_evaluation
from drugmine.evaluation.report import render_report
from drugmine.evaluation.review import write_page
from drugmine.evaluation.show import render_show
from drugmine.io import discover, read_document
from drugmine.pipeline import process
from drugmine.tables.writer import write_tables

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IMATINIB = (
    "Imatinib (Gleevec) is a tyrosine kinase inhibitor. It blocks BCR-ABL.\n"
    "Imatinib is used to treat chronic myeloid leukemia.\n"
    "Common side effects of imatinib include nausea, rash and fatigue.\n"
)
TAMOXIFEN = (
    "<html><head><title>Tamoxifen</title><style>p {color: black}</style></head><body>\n"
    '<nav><a href="/">Home</a> | <a href="/drugs">Drugs</a></nav>\n'
    "<h1>Tamoxifen</h1>\n"
    "<p>Tamoxifen is a hormone therapy used to treat breast&nbsp;cancer.</p>\n"
    "<p>Side effects of tamoxifen include hot flashes &amp; nausea.</p>\n"
    "<footer>Cookie policy</footer>\n</body></html>\n"
)
# Gold for the imatinib note, written by hand with deliberate disagreements: a boundary
# error (myeloid leukemia), a side effect the text does not blame (rash is left out), and
# a fact the system cannot find (headache).
GOLD_SPANS = [
    ("Drug", "Imatinib", 0),
    ("Drug", "Gleevec", 0),
    ("DrugClass", "tyrosine kinase inhibitor", 0),
    ("Target", "BCR-ABL", 0),
    ("Drug", "Imatinib", 1),
    ("Indication", "myeloid leukemia", 0),
    ("Drug", "imatinib", 0),
    ("AdverseEffect", "nausea", 0),
    ("AdverseEffect", "fatigue", 0),
]
GOLD_FACTS = [
    ("imatinib", "treats", "chronic myeloid leukemia", "CML"),
    ("imatinib", "causes", "nausea", ""),
    ("imatinib", "causes", "fatigue", ""),
    ("imatinib", "causes", "headache", ""),
    ("imatinib", "brand", "Gleevec", ""),
]


def _nth(text: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(n + 1):
        pos = text.index(needle, pos + 1)
    return pos


def write_gold(gold: Path) -> None:
    gold.mkdir()
    lines = []
    for i, (label, surface, n) in enumerate(GOLD_SPANS, 1):
        start = _nth(IMATINIB, surface, n)
        lines.append(f"T{i}\t{label} {start} {start + len(surface)}\t{surface}")
    (gold / "imatinib_note.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = ["doc_id\tdrug\trelation\tobject\taliases"]
    rows += ["imatinib_note\t" + "\t".join(f) for f in GOLD_FACTS]
    (gold / "facts.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """OUT_DIR from the real pipeline on a .txt and an .html document, plus OUT/eval."""
    base = tmp_path_factory.mktemp("review")
    raw = base / "raw"
    raw.mkdir()
    (raw / "imatinib_note.txt").write_text(IMATINIB, encoding="utf-8")
    (raw / "tamoxifen_page.html").write_text(TAMOXIFEN, encoding="utf-8")
    out = base / "out"
    write_tables([process(read_document(p), model="none") for p in discover([raw])], out)
    write_gold(base / "gold")
    write_evaluation(evaluate(base / "gold", out), out / "eval")
    return out


@pytest.fixture(scope="module")
def browser() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (.ci/run installs Debian's chromium)")
    ARTIFACTS.mkdir(exist_ok=True)
    return CHROMIUM


def chromium(binary: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    """One headless Chromium run with a fresh profile, no network chatter."""
    with tempfile.TemporaryDirectory(prefix="drugmine-chromium-") as profile:
        proc = subprocess.run(
            [str(binary), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def load(binary: Path, page: Path, shot: str) -> Dom:
    """The page's DOM as Chromium renders it; also keeps a screenshot artefact."""
    png = ARTIFACTS / shot
    png.unlink(missing_ok=True)
    chromium(binary, page, f"--screenshot={png}", "--window-size=1280,2000")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    dom = Dom()
    dom.feed(chromium(binary, page, "--dump-dom").stdout)
    return dom


class Dom(HTMLParser):
    """What the tests look at: entity marks, table rows by class, chart bars, headings."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []
        self.mark_labels: list[str] = []
        self.rows: dict[str, list[list[str]]] = {}
        self.bars: list[dict[str, str]] = []
        self.text: list[str] = []
        self._mark: list[str] | None = None
        self._in_label = False
        self._row: list[str] | None = None
        self._row_class = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "mark" and "entity" in (a.get("class") or ""):
            self._mark = []
        elif tag == "span" and self._mark is not None:
            self._in_label = True
        elif tag == "tr" and a.get("class"):
            self._row, self._row_class = [], a["class"]
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "rect" and "bar" in (a.get("class") or ""):
            self.bars.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._in_label:
            self._in_label = False
        elif tag == "mark" and self._mark is not None:
            self.marks.append(" ".join("".join(self._mark).split()))
            self._mark = None
        elif tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self._row_class, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_label:
            self.mark_labels.append(data.strip())
        elif self._mark is not None:
            self._mark.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def table(out: Path, name: str, doc_id: str | None = None) -> pd.DataFrame:
    frame = pd.read_csv(out / name, dtype=str, keep_default_na=False)
    return frame if doc_id is None else frame[frame.doc_id == doc_id]


def test_show_page_of_a_text_document(outputs, browser):
    page = write_page(render_show(outputs, "imatinib_note"), outputs / "show_imatinib.html")
    dom = load(browser, page, "show_imatinib_note.png")
    mentions = table(outputs, "mentions.csv", "imatinib_note")
    mentions = mentions.assign(start=mentions.start.astype(int)).sort_values("start")
    assert dom.marks == list(mentions.text)
    assert dom.mark_labels == list(mentions.label)
    facts = table(outputs, "facts.csv", "imatinib_note")
    rows = dom.rows["fact"]
    assert len(rows) == len(facts) > 0
    shown = {(r[0], r[1], r[2].split(" ")[0]) for r in rows}
    assert ("imatinib", "causes", "nausea") in shown
    assert ("imatinib", "targets", "BCR-ABL") in shown
    for r in rows:
        assert float(r[3]) > 0 and r[5], r  # a confidence and an evidence sentence
    assert "Common side effects of imatinib include nausea, rash and fatigue." in {
        r[5] for r in rows
    }
    assert "showing the raw text" in dom.all_text


def test_show_page_of_an_html_document_places_every_mention(outputs, browser):
    page = write_page(render_show(outputs, "tamoxifen_page"), outputs / "show_tamoxifen.html")
    dom = load(browser, page, "show_tamoxifen_page.png")
    mentions = table(outputs, "mentions.csv", "tamoxifen_page")
    assert len(dom.marks) == len(mentions) > 0
    assert "breast cancer" in dom.marks and "hot flashes" in dom.marks
    assert "not placed" not in dom.all_text
    assert "Home | Drugs" not in dom.all_text  # the cleaned text is shown, not the menu
    assert len(dom.rows["fact"]) == len(table(outputs, "facts.csv", "tamoxifen_page"))


def test_report_page_charts_and_error_table(outputs, browser):
    page = write_page(render_report(outputs / "eval"), outputs / "eval" / "report.html")
    dom = load(browser, page, "report.png")
    scores = table(outputs / "eval", "scores.csv")
    errors = table(outputs / "eval", "errors.csv")
    assert len(errors) > 0 and {"missed", "spurious"} <= set(errors.category)
    categories = (errors.level + " " + errors.error + " " + errors.category).nunique()
    assert len(dom.bars) == 3 * len(scores) + categories
    strict_ae = scores[(scores.name == "AdverseEffect") & (scores.matching == "strict")].iloc[0]
    bar = next(
        b for b in dom.bars if b["data-group"] == "AdverseEffect" and b["data-series"] == "f1"
    )
    assert float(bar["data-value"]) == pytest.approx(float(strict_ae.f1))
    assert len(dom.rows["error-row"]) == len(errors)
    assert len(dom.rows["score"]) == len(scores)
    assert "imatinib -> headache" in {cell for row in dom.rows["error-row"] for cell in row}
    for title in ("Mentions by label (strict)", "Facts by relation (alias)", "Errors by category"):
        assert title in dom.all_text


def drugmine(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "drugmine.cli", *map(str, args)], capture_output=True, text=True
    )


def test_cli_show_and_report(outputs, tmp_path):
    proc = drugmine("show", "imatinib_note", "--pred", outputs, "--out", tmp_path / "page.html")
    assert proc.returncode == 0, proc.stderr
    assert '<mark class="entity"' in (tmp_path / "page.html").read_text(encoding="utf-8")
    proc = drugmine("report", outputs / "eval", "--out", tmp_path / "report.html")
    assert proc.returncode == 0 and (tmp_path / "report.html").exists(), proc.stderr
    bad = drugmine("show", "no_such_doc", "--pred", outputs)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "no_such_doc" in bad.stderr
