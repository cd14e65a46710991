"""Throughput, scale and Drug-mention quality of drugmine beside its floor and a peer.

Builds a corpus of files from raw/ plus public corpora in ../shared/corpora (BC5CDR and
NCBI-disease test abstracts, TAC 2017 drug labels), then measures, in one run:

- words/s of the full pipeline (model included) in this process, pinned to one core;
- words/s of the same cleaned text through spaCy's tokenizer alone: scispaCy's
  combined_rule_tokenizer on spacy.blank("en") (as our pipeline uses) and the plain
  spacy.blank("en") tokenizer (the floor cost);
- words/s of drug-named-entity-recognition's find_drugs (a dictionary peer), fed the same
  cleaned text tokenised by spacy.blank("en"), and its Drug-mention precision/recall on the
  gold (annotations/*.ann, label Drug, raw/ documents) beside ours (mentions.csv, label Drug);
- `drugmine run --workers 1` and `--workers 2` on the corpus as files (docs/s, wall clock,
  start-up included), whether their outputs are byte-identical, and their peak RSS (the
  whole process tree, sampled every 50 ms);
- start-up: wall time of a fresh `python` that imports drugmine and processes one document.

Then bench/scale.py: each system in a fresh one-core process on the cleaned gold texts
and on 20k/320k/1.28M-character pages (per-character cost, peak RSS), drugmine with and
without the model beside scispaCy's tokenizer and a medspaCy peer in its own venv.

Usage: python bench/throughput.py [--bc5cdr N] [--ncbi N] [--tac N] [--out DIR] [--core K]
[--medspacy-python PATH | --make-peer-venv DIR] [--no-scale] (`make bench`). Words are
whitespace-separated words of the cleaned text, the text that the tokenizer and the
pipeline both see.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
GOLD = ROOT / "annotations"
CORPORA = ROOT.parent / "shared" / "corpora"

TARGETS = {
    "pipeline_vs_tokenizer": 0.25,  # full pipeline words/s >= 0.25x scispaCy tokenizer-only
    "workers_speedup": 1.8,  # 2 workers >= 1.8x one
    "rss_mb": 1500,  # peak RSS < 1.5 GB
    "startup_s": 3.0,  # first document in a fresh process < 3 s
}


def build_corpus(dest: Path, n_bc5cdr: int, n_ncbi: int, n_tac: int) -> dict[str, int]:
    """raw/ as is, plus corpus documents written as .txt files (deterministic choice)."""
    from drugmine.evaluation.corpora import corpus_docs

    dest.mkdir(parents=True, exist_ok=True)
    counts = {"raw": 0}
    for f in sorted(RAW.iterdir()):
        if f.suffix in (".txt", ".html", ".htm"):
            shutil.copyfile(f, dest / f.name)
            counts["raw"] += 1
    for name, n in (("bc5cdr", n_bc5cdr), ("ncbi_disease", n_ncbi), ("tac2017", n_tac)):
        if n <= 0:
            continue
        try:
            docs = corpus_docs(name, CORPORA, "test")[:n]
        except FileNotFoundError:
            print(f"note: {name} not found under {CORPORA}; skipped", file=sys.stderr)
            continue
        for d in docs:
            (dest / f"{name}_{d.doc_id}.txt").write_text(d.text, encoding="utf-8")
        counts[name] = len(docs)
    return counts


def pin_to_one_core(core: int | None) -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    cores = sorted(os.sched_getaffinity(0))
    chosen = core if core is not None else cores[-1]
    os.sched_setaffinity(0, {chosen})
    return chosen


def timed(fn, items) -> tuple[float, list]:
    start = time.perf_counter()
    out = [fn(x) for x in items]
    return time.perf_counter() - start, out


def best_of(n: int, fn, items) -> float:
    return min(timed(fn, items)[0] for _ in range(n))


def in_process(files: list[Path]) -> dict:
    """Pipeline, tokenizers and the peer on one core, in this process."""
    import spacy
    from drug_named_entity_recognition import find_drugs
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    from drugmine.batch.runner import process_document
    from drugmine.clean import clean_text
    from drugmine.io import read_document
    from drugmine.nlp import make_nlp
    from drugmine.nlp.models import resolve_model_name

    model = resolve_model_name(None)
    raws = [read_document(f) for f in files]
    make_nlp(model)
    process_document(raws[0])  # warm: lexicon, model, regexes, caches of the first call
    pipeline_s, results = timed(process_document, raws)
    ok = [r for r in results if r.status == "ok"]
    texts = [r.clean_text for r in ok]
    words = sum(len(t.split()) for t in texts)

    # fresh tokenizers, one pass, as the pipeline made one pass (spaCy caches token analyses)
    sci = spacy.blank("en")
    sci.tokenizer = combined_rule_tokenizer(sci)
    blank = spacy.blank("en")
    sci_s = timed(sci.tokenizer, texts)[0]
    blank_s = timed(blank.tokenizer, texts)[0]

    token_lists = [[t.text for t in blank.tokenizer(x)] for x in texts]
    find_drugs(["aspirin"])  # the peer loads its dictionary on import; warm its first call
    peer_s = best_of(3, find_drugs, token_lists)
    peer_total_s = best_of(3, lambda x: find_drugs([t.text for t in blank.tokenizer(x)]), texts)

    # the peer's Drug mentions on the gold documents, in raw offsets, from the same clean text
    peer_spans = []
    for raw in raws:
        if not (GOLD / f"{raw.doc_id}.ann").exists() or raw.error:
            continue
        clean, _ = clean_text(raw.text, raw.kind)
        doc = blank.tokenizer(clean.text)
        seen = set()
        for _data, i, j in find_drugs([t.text for t in doc]):
            span = doc[i:j]
            start, end = clean.raw_span(span.start_char, span.end_char)
            if (start, end) not in seen:
                seen.add((start, end))
                peer_spans.append((raw.doc_id, start, end, raw.text[start:end]))
    return {
        "model": Path(model).name if model else "none",
        "docs": len(raws),
        "docs_ok": len(ok),
        "words": words,
        "pipeline_s": pipeline_s,
        "scispacy_tokenizer_s": sci_s,
        "blank_tokenizer_s": blank_s,
        "peer_find_drugs_s": peer_s,
        "peer_with_tokenizer_s": peer_total_s,
        "peer_spans": peer_spans,
    }


def drug_scores(pred: list[tuple[str, int, int, str]]) -> dict:
    from drugmine.evaluation.scoring import Counts, Span, match_spans
    from drugmine.tables.brat import read_ann_dir

    anns = read_ann_dir(GOLD)
    gold = [
        Span(d.doc_id, "Drug", s.start, s.end, s.text)
        for d in anns.values()
        for s in d.spans.values()
        if s.label == "Drug"
    ]
    spans = [Span(doc, "Drug", s, e, t) for doc, s, e, t in pred if doc in anns]
    out = {}
    for matching in ("strict", "lenient"):
        pairs, fn, fp = match_spans(gold, spans, matching == "lenient")
        out[matching] = Counts(len(pairs), len(fp), len(fn)).row()
    return out


def our_drug_mentions(out_dir: Path) -> list[tuple[str, int, int, str]]:
    import csv

    with open(out_dir / "mentions.csv", encoding="utf-8", newline="") as fh:
        return [
            (r["doc_id"], int(r["start"]), int(r["end"]), r["text"])
            for r in csv.DictReader(fh)
            if r["label"] == "Drug"
        ]


def run_cli(corpus: Path, out: Path, workers: int) -> dict:
    """`drugmine run --workers N`; wall time and peak RSS of the process tree."""
    try:
        import psutil
    except ImportError:  # pragma: no cover
        psutil = None
    cmd = [
        sys.executable, "-m", "drugmine.cli", "run", str(corpus), "--out", str(out),
        "--workers", str(workers), "--no-cache", "--quiet",
    ]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_total = peak_one = 0
    if psutil is not None:
        parent = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [parent, *parent.children(recursive=True)]
                rss = [p.memory_info().rss for p in procs]
            except psutil.Error:
                rss = []
            if rss:
                peak_total, peak_one = max(peak_total, sum(rss)), max(peak_one, max(rss))
            time.sleep(0.05)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"drugmine run failed ({proc.returncode}): {stderr[-2000:]}")
    return {
        "wall_s": wall,
        "peak_rss_total_mb": peak_total / 2**20,
        "peak_rss_process_mb": peak_one / 2**20,
        "summary": stdout.strip().splitlines()[-1],
    }


def startup(first: Path, repeats: int = 3) -> float:
    code = (
        "import warnings; warnings.filterwarnings('ignore');"
        "from drugmine.batch.runner import process_file;"
        f"r = process_file({str(first)!r}); assert r.status == 'ok', r.error"
    )
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def same_outputs(a: Path, b: Path) -> bool:
    names = ["documents.csv", "mentions.csv", "entities.csv", "facts.csv", "facts.json"]
    names += ["drugs.json"] + [f"clean/{p.name}" for p in sorted((a / "clean").iterdir())]
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return (
        not mismatch and not errors and len(os.listdir(a / "clean")) == len(os.listdir(b / "clean"))
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bc5cdr", type=int, default=200, help="BC5CDR test abstracts")
    ap.add_argument("--ncbi", type=int, default=50, help="NCBI-disease test abstracts")
    ap.add_argument("--tac", type=int, default=10, help="TAC 2017 test drug labels")
    ap.add_argument("--core", type=int, default=None, help="core for the one-core figures")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    ap.add_argument("--medspacy-python", help="python of a venv with medSpaCy (the peer)")
    ap.add_argument("--make-peer-venv", type=Path, help="create the medSpaCy venv here first")
    ap.add_argument("--no-scale", action="store_true", help="skip bench/scale.py")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="drugmine-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        counts = build_corpus(corpus, args.bc5cdr, args.ncbi, args.tac)
        files = sorted(p for p in corpus.iterdir())
        corpus_bytes = sum(p.stat().st_size for p in files)

        # the compiled lexicon is cached once per code/data version: build it before timing
        warm = "from drugmine.vocab import load_lexicon; load_lexicon()"
        subprocess.run([sys.executable, "-c", warm], check=True, capture_output=True)
        # separate processes first (all cores free to them), then the one-core figures
        w1 = run_cli(corpus, tmp / "w1", 1)
        w2 = run_cli(corpus, tmp / "w2", 2)
        identical = same_outputs(tmp / "w1", tmp / "w2")
        ours = drug_scores(our_drug_mentions(tmp / "w1"))
        start_s = startup(RAW / "101_rituximab.txt")
        core = pin_to_one_core(args.core)
        ip = in_process(files)
        peer = drug_scores(ip.pop("peer_spans"))
    load_after = os.getloadavg()

    words = ip["words"]
    wps = {
        "pipeline": words / ip["pipeline_s"],
        "scispacy_tokenizer": words / ip["scispacy_tokenizer_s"],
        "blank_tokenizer": words / ip["blank_tokenizer_s"],
        "peer_find_drugs": words / ip["peer_find_drugs_s"],
        "peer_with_tokenizer": words / ip["peer_with_tokenizer_s"],
    }
    n_docs = len(files)
    dps1, dps2 = n_docs / w1["wall_s"], n_docs / w2["wall_s"]
    ratio = wps["pipeline"] / wps["scispacy_tokenizer"]
    speedup = dps2 / dps1
    rss = max(w1["peak_rss_total_mb"], w2["peak_rss_total_mb"])
    f1_ours, f1_peer = ours["strict"]["f1"], peer["strict"]["f1"]

    def mark(ok: bool) -> str:
        return "yes" if ok else "NO"

    corpus_desc = ", ".join(f"{k} {v}" for k, v in counts.items())
    lines = [
        f"corpus: {n_docs} documents ({corpus_desc}), {corpus_bytes / 1e6:.2f} MB, "
        f"{words} words of cleaned text; NER model: {ip['model']}",
        f"machine: {os.cpu_count()} cores; one-core figures pinned to core {core}; "
        f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}",
        "",
        f"| {'measure':44} | {'value':>14} | {'target':>22} | met |",
        f"|{'-' * 46}|{'-' * 16}|{'-' * 24}|-----|",
    ]

    def row(name: str, value: str, target: str = "", ok: str = "") -> None:
        lines.append(f"| {name:44} | {value:>14} | {target:>22} | {ok:>3} |")

    row("full pipeline, 1 core (words/s)", f"{wps['pipeline']:,.0f}")
    row("scispaCy tokenizer only (words/s)", f"{wps['scispacy_tokenizer']:,.0f}")
    row("spacy.blank('en') tokenizer only (words/s)", f"{wps['blank_tokenizer']:,.0f}")
    row(
        "pipeline / scispaCy tokenizer",
        f"{ratio:.3f}x",
        f">= {TARGETS['pipeline_vs_tokenizer']}x",
        mark(ratio >= TARGETS["pipeline_vs_tokenizer"]),
    )
    row("peer find_drugs on tokens (words/s)", f"{wps['peer_find_drugs']:,.0f}")
    row("peer blank tokenizer + find_drugs (words/s)", f"{wps['peer_with_tokenizer']:,.0f}")
    for name, s in (("drugmine", ours), ("peer find_drugs", peer)):
        for matching in ("strict", "lenient"):
            r = s[matching]
            row(
                f"Drug mentions {matching}, {name} (P/R/F1)",
                f"{r['precision']:.3f}/{r['recall']:.3f}/{r['f1']:.3f}",
            )
    row(
        "Drug-mention strict F1: drugmine - peer",
        f"{f1_ours - f1_peer:+.3f}",
        ">= +0.05 and",
        "",
    )
    err_ratio = (1 - f1_ours) / max(1e-9, 1 - f1_peer)
    row(
        "  error (1-F1): drugmine / peer",
        f"{err_ratio:.2f}",
        "<= 0.5 (well above)",
        mark(f1_ours >= f1_peer + 0.05 and err_ratio <= 0.5),
    )
    row("run --workers 1 (docs/s, wall incl. start-up)", f"{dps1:.2f}")
    row("run --workers 2 (docs/s, wall incl. start-up)", f"{dps2:.2f}")
    row(
        "2 workers / 1 worker",
        f"{speedup:.2f}x",
        f">= {TARGETS['workers_speedup']}x",
        mark(speedup >= TARGETS["workers_speedup"]),
    )
    row("outputs of --workers 2 == --workers 1", "byte-identical" if identical else "DIFFER")
    row("peak RSS, --workers 1 (MB)", f"{w1['peak_rss_total_mb']:.0f}")
    row(
        "peak RSS, --workers 2, all processes (MB)",
        f"{w2['peak_rss_total_mb']:.0f}",
        f"< {TARGETS['rss_mb']} MB",
        mark(rss < TARGETS["rss_mb"]),
    )
    row("peak RSS, --workers 2, largest process (MB)", f"{w2['peak_rss_process_mb']:.0f}")
    row(
        "start-up: fresh process to 1st document (s)",
        f"{start_s:.2f}",
        f"< {TARGETS['startup_s']} s",
        mark(start_s < TARGETS["startup_s"]),
    )
    report = "\n".join(lines)
    print(report)

    args.out.mkdir(parents=True, exist_ok=True)
    record = {
        "corpus": {"documents": n_docs, "bytes": corpus_bytes, "words": words, **counts},
        "model": ip["model"],
        "load_average": {"before": load_before, "after": load_after},
        "words_per_s": wps,
        "seconds": {k: v for k, v in ip.items() if k.endswith("_s")},
        "drug_mentions": {"drugmine": ours, "peer": peer},
        "workers": {"1": w1, "2": w2, "identical": identical},
        "startup_s": start_s,
    }
    (args.out / "throughput.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    print(f"-> {args.out / 'throughput.json'}")
    if not args.no_scale:
        run_scale(args)


def run_scale(args: argparse.Namespace) -> None:
    """bench/scale.py: per-character cost, peak RSS and the medSpaCy peer."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scale

    peer = args.medspacy_python
    default_venv = ROOT / "outputs" / "bench" / "medspacy-venv"
    if args.make_peer_venv:
        peer = scale.make_peer_venv(args.make_peer_venv)
    elif peer is None and (default_venv / "bin" / "python").exists():
        peer = str(default_venv / "bin" / "python")
    if peer is None:
        print(f"note: no medSpaCy peer (--make-peer-venv {default_venv})", file=sys.stderr)
    scale.main(["--out", str(args.out), *(["--medspacy-python", peer] if peer else [])]
               + (["--core", str(args.core)] if args.core is not None else []))  # fmt: skip


if __name__ == "__main__":
    main()
