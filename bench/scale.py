"""Per-character cost, peak RSS and a medspaCy peer, each system in a fresh process.

Texts: the cleaned gold documents (raw/ with annotations/), one by one, and pages of
20k, 320k and 1.28M characters built by repeating them. Systems, each pinned to one core
in a process of its own (so its peak RSS is its own):

- drugmine full (the shipped NER model) and drugmine without the model (``drugmine.load``);
- scispaCy's tokenizer as the pipeline builds it (``nlp.make_doc``), the floor;
- a medspaCy pipeline a user would build instead, in its own virtual environment
  (medspaCy 1.3 pins spaCy 3.7: never a dependency of ours): spaCy's sentencizer (or
  PyRuSH), a TargetMatcher with 50,000 Chemical and Disease terms of our vocabulary,
  ConText and the Sectionizer (bench/medspacy_peer.py).

Usage: python bench/scale.py [--medspacy-python PATH | --make-peer-venv DIR] [--core K]
(also run by bench/throughput.py). A child: python bench/scale.py child SYSTEM TEXTS.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (20_000, 320_000, 1_280_000)
PEER_TERMS = 50_000
TIMEOUT_S = 120.0  # per system and input
MEDSPACY = "medspacy==1.3.1"
SYSTEMS = ("drugmine", "drugmine-no-model", "tokenizer")
PEERS = ("medspacy-sentencizer", "medspacy-pyrush")
TARGETS = {"per_char_1280k_vs_20k": 1.5, "rss_1280k_mb": 1024, "vs_medspacy_sentencizer": 1.0}


def gold_texts() -> list[str]:
    """The cleaned text of every gold document, in file order."""
    from drugmine.clean import clean_text
    from drugmine.io import read_document

    out = []
    for f in sorted((ROOT / "raw").iterdir()):
        if (ROOT / "annotations" / f"{f.stem}.ann").exists():
            raw = read_document(f)
            out.append(clean_text(raw.text, raw.kind)[0].text)
    return out


def page(texts: list[str], size: int) -> str:
    """About `size` characters of the texts, repeated, cut at a line break."""
    pool = "\n\n".join(texts)
    reps = [pool] * (size // len(pool) + 1)
    text = "\n\n".join(reps)
    cut = text.rfind("\n", 0, size)
    return text[: cut if cut > 0 else size]


def peer_terms(n: int = PEER_TERMS) -> list[tuple[str, str]]:
    """`n` Chemical and Disease terms of our vocabulary (the shortest first, then
    alphabetical): what a user would load into a TargetMatcher."""
    from drugmine.vocab import load_lexicon

    lex = load_lexicon()
    rows = [(k, e.type) for k, e in lex.terms.items() if e.type in ("Chemical", "Disease")]
    rows.sort(key=lambda r: (len(r[0]), r[0]))
    return rows[:n]


# ------------------------------------------------------------------ children (one system)


def _pin(core: int | None) -> None:
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core if core is not None else cores[-1]})


def _drugmine(system: str):
    import drugmine

    nlp = drugmine.load("default" if system == "drugmine" else "none")
    if system == "tokenizer":
        return nlp.make_doc
    return nlp


def peak_rss_mb() -> float:
    """This process's peak RSS since it started its program (VmHWM; ru_maxrss would
    carry over the parent's peak across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(system: str, texts_path: Path, core: int | None) -> dict:
    """Time `system` on the texts in one pass after a warm-up; peak RSS of this process."""
    _pin(core)
    warnings.filterwarnings("ignore")
    texts = json.loads(texts_path.read_text(encoding="utf-8"))
    run = _drugmine(system)
    run("Imatinib treats chronic myeloid leukaemia. It targets BCR-ABL.")  # warm
    start = time.perf_counter()
    for t in texts:
        run(t)
    seconds = time.perf_counter() - start
    rss_mb = peak_rss_mb()
    words = sum(len(t.split()) for t in texts)
    return {"seconds": seconds, "words": words, "chars": sum(map(len, texts)), "rss_mb": rss_mb}


def run_child(
    python: str, script: Path, system: str, texts: Path, extra: list[str], timeout: float
) -> dict:
    """One system on one input in a fresh process; past `timeout` s it is stopped and
    recorded as slower than that (medSpaCy's cost grows with the square of the page)."""
    cmd = [python, str(script), "child", system, str(texts), *extra]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        batch = json.loads(texts.read_text(encoding="utf-8"))
        words, chars = sum(len(t.split()) for t in batch), sum(map(len, batch))
        return {"seconds": None, "timeout_s": timeout, "words": words, "chars": chars}
    if proc.returncode != 0:
        raise SystemExit(f"{system} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ the whole measure


def make_peer_venv(where: Path) -> str:
    """A virtual environment with medspaCy (and its own spaCy 3.7) under `where`."""
    python = where / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", MEDSPACY], check=True)
    return str(python)


def measure(
    peer_python: str | None, core: int | None, sizes=SIZES, timeout: float = TIMEOUT_S
) -> dict:
    """Every system on the gold documents and on each page size."""
    texts = gold_texts()
    me, peer_script = Path(__file__).resolve(), me_peer()
    core_arg = ["--core", str(core)] if core is not None else []
    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="drugmine-scale-") as tmp:
        tmp = Path(tmp)
        inputs = {"documents": texts} | {f"{n // 1000}k": [page(texts, n)] for n in sizes}
        for name, batch in inputs.items():
            (tmp / f"{name}.json").write_text(json.dumps(batch), encoding="utf-8")
        terms = tmp / "terms.json"
        if peer_python:
            terms.write_text(json.dumps(peer_terms()), encoding="utf-8")
        for system in SYSTEMS + (PEERS if peer_python else ()):
            results[system] = {}
            for name in inputs:
                if system in PEERS:
                    extra = ["--terms", str(terms), *core_arg]
                    python, script = peer_python, peer_script
                else:
                    python, script, extra = sys.executable, me, core_arg
                r = run_child(python, script, system, tmp / f"{name}.json", extra, timeout)
                results[system][name] = r
                took = f"{r['seconds']:7.2f} s" if r["seconds"] is not None else f"> {timeout} s"
                print(f"  {system:22} {name:>9}: {took}", file=sys.stderr)
    return results


def me_peer() -> Path:
    return Path(__file__).resolve().with_name("medspacy_peer.py")


def format_table(results: dict) -> str:
    """words/s on the documents, seconds per 1,000 characters per page size, peak RSS."""
    sizes = [k for k in next(iter(results.values())) if k != "documents"]
    head = ["system", "docs words/s", *[f"s/1k ch {s}" for s in sizes], "growth", "RSS max MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for system, r in results.items():
        docs = r["documents"]
        per = [_per_kchar(r[s]) for s in sizes]
        rss = max(x.get("rss_mb", 0) for x in r.values())
        cells = [system, f"{_wps(docs):,.0f}", *[_cell(r[s], _per_kchar(r[s])) for s in sizes]]
        growth = per[-1] / per[0] if r[sizes[-1]]["seconds"] is not None else None
        cells += [f"{growth:.2f}x" if growth else f"> {per[-1] / per[0]:.1f}x", f"{rss:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _per_kchar(r: dict) -> float:
    """Seconds per 1,000 characters (a lower bound when the run timed out)."""
    return 1000 * (r["seconds"] if r["seconds"] is not None else r["timeout_s"]) / r["chars"]


def _cell(r: dict, per: float) -> str:
    return f"{per:.4f}" if r["seconds"] is not None else f"> {per:.4f}"


def _wps(r: dict) -> float:
    return r["words"] / (r["seconds"] if r["seconds"] is not None else r["timeout_s"])


def ratios(results: dict) -> dict[str, float]:
    """The ratios the issue's targets are stated in (words/s on the gold documents)."""

    def wps(system: str) -> float:
        return _wps(results[system]["documents"])

    out = {
        "drugmine / tokenizer": wps("drugmine") / wps("tokenizer"),
        "drugmine-no-model / tokenizer": wps("drugmine-no-model") / wps("tokenizer"),
    }
    for peer in PEERS:
        if peer in results:
            out[f"drugmine / {peer}"] = wps("drugmine") / wps(peer)
            out[f"drugmine-no-model / {peer}"] = wps("drugmine-no-model") / wps(peer)
    sizes = [k for k in results["drugmine"] if k != "documents"]
    for system in results:
        if all(results[system][s]["seconds"] is not None for s in sizes):
            per = [_per_kchar(results[system][s]) for s in sizes]
            out[f"{system}: per-char {sizes[-1]} / {sizes[0]}"] = per[-1] / per[0]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--medspacy-python", help="python of a venv with medspaCy installed")
    ap.add_argument("--make-peer-venv", type=Path, help="create that venv here first")
    ap.add_argument("--core", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=TIMEOUT_S, help="s per system and input")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    args = ap.parse_args(argv)
    peer = args.medspacy_python
    if args.make_peer_venv:
        peer = make_peer_venv(args.make_peer_venv)
    results = measure(peer, args.core, timeout=args.timeout)
    print(format_table(results))
    for k, v in ratios(results).items():
        print(f"{k}: {v:.3f}x")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        ap = argparse.ArgumentParser()
        ap.add_argument("child")
        ap.add_argument("system", choices=SYSTEMS)
        ap.add_argument("texts", type=Path)
        ap.add_argument("--core", type=int, default=None)
        a = ap.parse_args()
        print(json.dumps(child(a.system, a.texts, a.core)))
    else:
        main()
