"""The medspaCy peer of bench/scale.py; runs in a virtual environment of its own (medspaCy
1.3 pins spaCy 3.7), so it imports nothing of drugmine.

python bench/medspacy_peer.py child medspacy-sentencizer|medspacy-pyrush TEXTS.json
    --terms TERMS.json [--core K]  -> one JSON line: seconds, words, chars, rss_mb.

The pipeline a user would build instead of ours: medspaCy's tokenizer, sentences (spaCy's
sentencizer, or PyRuSH as medspaCy ships it), a TargetMatcher with our Chemical and
Disease terms as literal rules (phrase matching on lower case), ConText and the
Sectionizer with their default rules.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
import warnings
from pathlib import Path


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


def build(system: str, terms: list[tuple[str, str]]):
    import medspacy
    from medspacy.target_matcher import TargetRule

    pipes = ["medspacy_tokenizer", "medspacy_target_matcher", "medspacy_context"]
    pipes.append("medspacy_sectionizer")
    if system == "medspacy-pyrush":
        pipes.append("medspacy_pyrush")
    nlp = medspacy.load(medspacy_enable=pipes)
    if system == "medspacy-sentencizer":
        nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = 60_000_000
    matcher = nlp.get_pipe("medspacy_target_matcher")
    matcher.add([TargetRule(term, label.upper()) for term, label in terms])
    return nlp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("child")
    ap.add_argument("system", choices=["medspacy-sentencizer", "medspacy-pyrush"])
    ap.add_argument("texts", type=Path)
    ap.add_argument("--terms", type=Path, required=True)
    ap.add_argument("--core", type=int, default=None)
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {a.core if a.core is not None else cores[-1]})
    warnings.filterwarnings("ignore")
    try:  # PyRuSH logs every sentence start at DEBUG level: time the work, not the log
        from loguru import logger

        logger.remove()
    except ImportError:
        pass
    texts = json.loads(a.texts.read_text(encoding="utf-8"))
    nlp = build(a.system, [tuple(t) for t in json.loads(a.terms.read_text(encoding="utf-8"))])
    nlp("Imatinib treats chronic myeloid leukemia. No history of asthma.")  # warm
    start = time.perf_counter()
    ents = 0
    for t in texts:
        ents += len(nlp(t).ents)
    seconds = time.perf_counter() - start
    rss_mb = peak_rss_mb()
    words = sum(len(t.split()) for t in texts)
    chars = sum(map(len, texts))
    print(json.dumps({"seconds": seconds, "words": words, "chars": chars, "rss_mb": rss_mb,
                      "entities": ents}))  # fmt: skip


if __name__ == "__main__":
    main()
