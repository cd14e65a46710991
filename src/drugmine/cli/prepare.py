"""`drugmine prepare`: compile the vocabularies now (the Makefile's install steps call it),
so the first run on a fresh machine does not spend ~12 s building them."""

from __future__ import annotations

import time

import click


@click.command("prepare")
def prepare_cmd() -> None:
    """Build the compiled vocabulary cache (DRUGMINE_CACHE, else ~/.cache/drugmine)."""
    from ..vocab import lexicon_path, load_lexicon

    start = time.perf_counter()
    path = lexicon_path()
    fresh = not path.exists()
    load_lexicon()
    took = time.perf_counter() - start
    click.echo(f"lexicon {'built' if fresh else 'already built'}: {path} ({took:.1f} s)")
