"""The drugmine command group and its console entry point (`main`): every command in
its own module here, usage errors and signals handled once for all of them."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import warnings

import click

from .. import __version__
from ..batch import signals
from ..batch.signals import Stopped
from .bench import bench
from .evaluate import evaluate_cmd
from .export import export_cmd
from .options import fail
from .prepare import prepare_cmd
from .report import report_cmd
from .run import run
from .show import show_cmd
from .train_ner import train_ner_cmd
from .train_relations import train_relations


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="drugmine")
def cli() -> None:
    """Evidence-linked drug facts from raw web documents about medicines."""
    warnings.filterwarnings("ignore", message=r".*\[W036\].*")
    warnings.filterwarnings("ignore", category=FutureWarning)


for command in (run, evaluate_cmd, bench, export_cmd, show_cmd, report_cmd, train_relations,
                train_ner_cmd, prepare_cmd):  # fmt: skip
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors become one line on stderr and exit status 2;
    SIGINT exits 130, SIGTERM 143, SIGHUP 129 (128 + the signal), after the workers are
    stopped and the unfinished outputs dropped, also when the signal comes before the
    command starts or after it finished (batch/signals.py). Stop signals stay blocked
    after it returns: it is meant to end the process."""
    try:
        signals.arm()
        cli.main(args=argv, prog_name="drugmine", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
    except click.ClickException as exc:
        fail(exc.format_message().replace("\n", " "))
    except (click.Abort, KeyboardInterrupt):
        _exit_now(f"drugmine: interrupted; {_outputs_state()}", 128 + signal.SIGINT)
    except Stopped as exc:
        name = signal.Signals(exc.signum).name
        _exit_now(f"drugmine: stopped by {name}; {_outputs_state()}", 128 + exc.signum)
    finally:  # also on sys.exit (usage errors)
        late = signals.end()
        if late is not None:  # came while the command was ending
            name = signal.Signals(late).name
            _exit_now(f"drugmine: stopped by {name}; {_outputs_state()}", 128 + late)


def _outputs_state() -> str:
    """What a stop left: the new set once it is switched in, else the previous one."""
    from ..batch.publish import PUBLISHED

    if PUBLISHED:
        return f"the new outputs are in place in {PUBLISHED[-1]}"
    return "previous outputs kept"


def _exit_now(message: str, code: int) -> None:
    """Exit after an interrupt without the interpreter's exit handlers: the outputs are
    already dropped and the workers killed, but joining a process pool's manager thread
    whose workers were killed can hang for good."""
    click.echo(message, err=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
