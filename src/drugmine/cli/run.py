"""`drugmine run`: raw documents -> the output tables (and, with --gold, their scores)."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import warnings
from pathlib import Path

import click

from .evaluate import run_evaluation
from .options import fail

DEFAULT_DOC_TIMEOUT = 300.0  # seconds: a normal page takes well under 1 s, 200 kB ~10 s
DEFAULT_DOC_MEMORY = 4096.0  # MB beyond the loaded pipeline: ~1.5M cleaned characters


def _check_out(out_dir: Path) -> None:
    """--out must be a folder drugmine can create and write in, before any work is done."""
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"--out is not a folder: {out_dir}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        fail(f"cannot write to --out {out_dir}: {exc.strerror or exc}")


def _check_gold(gold_dir: Path) -> None:
    """--gold must hold readable gold (*.ann, facts.tsv) before the run, not after it."""
    from ..tables.brat import GoldFormatError, read_ann_dir, read_facts_tsv

    if not gold_dir.is_dir():
        fail(f"gold directory not found: {gold_dir}")
    try:
        if not read_ann_dir(gold_dir):
            fail(f"no gold annotations (*.ann) in {gold_dir}")
        if (gold_dir / "facts.tsv").exists():
            read_facts_tsv(gold_dir / "facts.tsv")
    except (OSError, UnicodeDecodeError, GoldFormatError) as exc:
        fail(f"cannot read gold in {gold_dir}: {exc}")


@click.command("run")
@click.argument("raw_paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Directory for the output tables.",
)
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Gold annotations directory; when given, also evaluate into OUT/eval/.",
)
@click.option(
    "--ner-model",
    default=None,
    help="spaCy NER pipeline (name or path) merged with the vocabulary; default: the "
    "shipped model; `none`: vocabulary and patterns only.",
)
@click.option(
    "--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes."
)
@click.option(
    "--limit", type=click.IntRange(1), default=None, help="Process at most this many documents."
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse results of unchanged documents (OUT/.cache, keyed by content hash).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run documents locally or on a Dask cluster.",
)
@click.option("--scheduler", default=None, help="Dask scheduler address (with --engine dask).")
@click.option(
    "--doc-timeout",
    type=click.FloatRange(0),
    default=DEFAULT_DOC_TIMEOUT,
    show_default=True,
    help="Seconds one document may take; past it the document is an error row and the "
    "batch goes on (every document runs in a supervised worker process, also with "
    "--workers 1). 0: no time limit.",
)
@click.option(
    "--doc-memory",
    type=click.FloatRange(0),
    default=DEFAULT_DOC_MEMORY,
    show_default=True,
    help="Megabytes one document may use beyond the loaded pipeline; past it the document "
    "is an error row. 0: no memory limit.",
)
@click.option(
    "--csv-safe",
    is_flag=True,
    help="Guard text cells starting with = + - @ (tab, CR) with a leading ' in the CSV "
    "tables, for opening them in spreadsheets (facts.json and offsets unchanged).",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="No progress bar and no warnings from libraries (drugmine's own stay). The bar is "
    "shown only when stderr is a terminal.",
)
def run(
    raw_paths, out_dir, gold_dir, ner_model, workers, limit, cache, engine, scheduler,
    doc_timeout, doc_memory, csv_safe, quiet,
):  # fmt: skip
    """Clean RAW_PATH files (default: raw/), extract facts, write tables to --out.

    \b
    Example:
      drugmine run raw --out outputs --gold annotations --workers 2
    """
    from tqdm import tqdm

    from ..batch.cache import CacheWarning, ResultCache
    from ..batch.runner import run_batch
    from ..io import find_documents
    from ..tables.writer import TableWriter

    paths = list(raw_paths) or [Path("raw")]
    _check_out(out_dir)
    if gold_dir is not None:
        _check_gold(gold_dir)
    try:
        files = find_documents(paths, exclude=[out_dir])
    except FileNotFoundError as exc:
        fail(str(exc))
    if not files:
        fail(f"no .txt/.html/.htm documents under {', '.join(map(str, paths))}")
    files = files[:limit] if limit else files
    if ner_model and ner_model.lower() not in ("default", "none"):
        from ..nlp.models import load_model

        try:
            load_model(ner_model)
        except ValueError as exc:
            fail(str(exc).splitlines()[0])
    store = ResultCache(out_dir / ".cache") if cache else None
    errors = reused = 0
    if quiet:  # before the pipeline loads; forked workers inherit the filters
        warnings.filterwarnings("ignore")
        warnings.filterwarnings("default", category=CacheWarning)
    show_bar = not quiet and sys.stderr.isatty()
    bar = tqdm(total=len(files), unit="doc", disable=not show_bar, file=sys.stderr,
               desc="documents")  # fmt: skip
    batch = run_batch(
        files, workers=workers, model=ner_model, cache=store, engine=engine,
        scheduler=scheduler, doc_timeout=doc_timeout or None, doc_memory=doc_memory or None,
        isolate=True,
    )  # fmt: skip
    try:  # closing(): workers stop at once on an interrupt, not when the frame is freed
        with TableWriter(out_dir, csv_safe) as writer, contextlib.closing(batch):
            for result, hit in batch:
                writer.add(result)
                errors += result.status != "ok"
                reused += hit
                bar.update(1)
    except RuntimeError as exc:
        fail(str(exc))
    except OSError as exc:  # a full disk, a folder removed under us: previous outputs stay
        fail(f"writing outputs to {out_dir} failed: {exc.strerror or exc}")
    finally:
        bar.close()
    c = writer.counts
    click.echo(
        f"{c['documents']} documents ({errors} with errors, {reused} unchanged from cache), "
        f"{c['mentions']} mentions, {c['entities']} entities, {c['facts']} facts "
        f"-> {out_dir}"
    )
    if gold_dir is not None:
        run_evaluation(gold_dir, out_dir, out_dir / "eval")
