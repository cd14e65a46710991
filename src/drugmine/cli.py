"""The drugmine command line (click): run, evaluate."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import warnings
from pathlib import Path

import click

from . import __version__


def _fail(message: str) -> None:
    click.echo(f"drugmine: error: {message}", err=True)
    sys.exit(2)


class Stopped(BaseException):
    """SIGTERM/SIGHUP as an exception (not an Exception: no per-document handler may
    swallow it), so workers are stopped and partial outputs dropped on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum, _frame) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second one must not break the clean-up
    raise Stopped(signum)


def _check_out(out_dir: Path) -> None:
    """--out must be a folder drugmine can create and write in, before any work is done."""
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"--out is not a folder: {out_dir}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        _fail(f"cannot write to --out {out_dir}: {exc.strerror or exc}")


def _check_gold(gold_dir: Path) -> None:
    """--gold must hold readable gold (*.ann, facts.tsv) before the run, not after it."""
    from .tables.brat import GoldFormatError, read_ann_dir, read_facts_tsv

    if not gold_dir.is_dir():
        _fail(f"gold directory not found: {gold_dir}")
    try:
        if not read_ann_dir(gold_dir):
            _fail(f"no gold annotations (*.ann) in {gold_dir}")
        if (gold_dir / "facts.tsv").exists():
            read_facts_tsv(gold_dir / "facts.tsv")
    except (OSError, UnicodeDecodeError, GoldFormatError) as exc:
        _fail(f"cannot read gold in {gold_dir}: {exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="drugmine")
def cli() -> None:
    """Evidence-linked drug facts from raw web documents about medicines."""
    warnings.filterwarnings("ignore", message=r".*\[W036\].*")
    warnings.filterwarnings("ignore", category=FutureWarning)


@cli.command()
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
    type=click.FloatRange(0, min_open=True),
    default=None,
    help="Seconds one document may take; past it the document is an error row and the "
    "batch goes on (every document then runs in a worker process, also with --workers 1).",
)
@click.option(
    "--doc-memory",
    type=click.FloatRange(1),
    default=None,
    help="Megabytes one document may use beyond the loaded pipeline; past it the document "
    "is an error row (every document then runs in a worker process).",
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

    from .batch import CacheWarning, ResultCache, run_batch
    from .io import find_documents
    from .tables.writer import TableWriter

    paths = list(raw_paths) or [Path("raw")]
    _check_out(out_dir)
    if gold_dir is not None:
        _check_gold(gold_dir)
    try:
        files = find_documents(paths, exclude=[out_dir])
    except FileNotFoundError as exc:
        _fail(str(exc))
    if not files:
        _fail(f"no .txt/.html/.htm documents under {', '.join(map(str, paths))}")
    files = files[:limit] if limit else files
    if ner_model and ner_model.lower() not in ("default", "none"):
        from .nlp.models import load_model

        try:
            load_model(ner_model)
        except ValueError as exc:
            _fail(str(exc).splitlines()[0])
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
        scheduler=scheduler, doc_timeout=doc_timeout, doc_memory=doc_memory,
    )  # fmt: skip
    try:  # closing(): workers stop at once on an interrupt, not when the frame is freed
        with TableWriter(out_dir, csv_safe) as writer, contextlib.closing(batch):
            for result, hit in batch:
                writer.add(result)
                errors += result.status != "ok"
                reused += hit
                bar.update(1)
    except RuntimeError as exc:
        _fail(str(exc))
    except OSError as exc:  # a full disk, a folder removed under us: previous outputs stay
        _fail(f"writing outputs to {out_dir} failed: {exc.strerror or exc}")
    finally:
        bar.close()
    c = writer.counts
    click.echo(
        f"{c['documents']} documents ({errors} with errors, {reused} unchanged from cache), "
        f"{c['mentions']} mentions, {c['entities']} entities, {c['facts']} facts "
        f"-> {out_dir}"
    )
    if gold_dir is not None:
        _evaluate(gold_dir, out_dir, out_dir / "eval")


def _evaluate(gold_dir: Path, pred_dir: Path, eval_dir: Path, split: str | None = None) -> None:
    from .evaluation.evaluate import NoSharedDocuments, evaluate, format_table, write_evaluation
    from .tables.brat import GoldFormatError

    try:
        result = evaluate(gold_dir, pred_dir, split)
    except (FileNotFoundError, GoldFormatError, NoSharedDocuments) as exc:
        _fail(str(exc))
    write_evaluation(result, eval_dir)
    click.echo(format_table(result))
    summary = result["summary"]
    if summary.get("not_run"):
        total = summary["documents"] + summary["not_run"]
        click.echo(
            f"scored on the {summary['documents']} of {total} gold documents in "
            f"{pred_dir / 'documents.csv'}; {summary['not_run']} were not run"
        )
    click.echo(f"evaluation -> {eval_dir}")


@cli.command("evaluate")
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Directory with <doc_id>.ann files and facts.tsv.",
)
@click.option(
    "--pred",
    "pred_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Output directory of `drugmine run`.",
)
@click.option(
    "--out",
    "eval_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write summary.json, scores.csv, errors.csv (default: PRED/eval).",
)
@click.option(
    "--split",
    default=None,
    help="Only gold documents of these splits (comma-separated) in GOLD/splits.tsv.",
)
def evaluate_cmd(gold_dir, pred_dir, eval_dir, split):
    """Score predictions against gold (strict/lenient mentions, facts with aliases).

    \b
    Example:
      drugmine evaluate --gold annotations --pred outputs --out outputs/eval
    """
    if not gold_dir.is_dir():
        _fail(f"gold directory not found: {gold_dir}")
    if not pred_dir.is_dir():
        _fail(f"prediction directory not found: {pred_dir}")
    _evaluate(gold_dir, pred_dir, eval_dir or pred_dir / "eval", split)


@cli.command()
@click.argument(
    "corpus", type=click.Choice(["bc5cdr", "ncbi_disease", "ade", "tac2017", "chemprot"])
)
@click.option(
    "--path",
    "corpus_path",
    type=click.Path(path_type=Path),
    default=Path("../shared/corpora"),
    show_default=True,
    help="Corpora root (or the corpus folder itself).",
)
@click.option(
    "--split", type=click.Choice(["train", "dev", "test"]), default="dev", show_default=True
)
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs/bench"),
    show_default=True,
    help="Where to write <corpus>_<split>.json/.csv.",
)
@click.option("--ner-model", default=None, help="As for `run`; `none` for vocabulary only.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def bench(corpus, corpus_path, split, limit, out_dir, ner_model, quiet):
    """Score the pipeline on a public corpus split (strict/lenient P/R/F1 per type, relations).

    \b
    Example:
      drugmine bench bc5cdr --path ../shared/corpora --split test
    """
    from .evaluation.bench import format_bench, run_bench, write_bench
    from .evaluation.corpora import corpus_docs

    try:
        total = len(corpus_docs(corpus, corpus_path, split)) if not quiet else 0
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    if limit:
        total = min(total, limit)
    with click.progressbar(
        length=total, label=f"{corpus} {split}", file=sys.stderr, hidden=quiet
    ) as bar:
        result = run_bench(corpus, corpus_path, split, limit, ner_model, bar.update)
    stem = write_bench(result, out_dir)
    click.echo(format_bench(result))
    click.echo(f"-> {stem}.json, {stem}.csv")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors become one line on stderr and exit status 2;
    SIGINT exits 130, SIGTERM 143, SIGHUP 129 (128 + the signal), after the workers are
    stopped and the unfinished outputs dropped."""
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _raise_stopped)
    try:
        cli.main(args=argv, prog_name="drugmine", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
    except click.ClickException as exc:
        _fail(exc.format_message().replace("\n", " "))
    except (click.Abort, KeyboardInterrupt):
        _exit_now("drugmine: interrupted; previous outputs kept", 128 + signal.SIGINT)
    except Stopped as exc:
        name = signal.Signals(exc.signum).name
        _exit_now(f"drugmine: stopped by {name}; previous outputs kept", 128 + exc.signum)


def _exit_now(message: str, code: int) -> None:
    """Exit after an interrupt without the interpreter's exit handlers: the outputs are
    already dropped and the workers killed, but joining a process pool's manager thread
    whose workers were killed can hang for good."""
    click.echo(message, err=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


from .cli_extra import register  # noqa: E402
from .learned.command import train_relations  # noqa: E402
from .train_command import train_ner_cmd  # noqa: E402

register(cli)
cli.add_command(train_relations)
cli.add_command(train_ner_cmd)


if __name__ == "__main__":
    main()
