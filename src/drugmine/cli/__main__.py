"""`python -m drugmine.cli ...`, as the console script."""

from .app import main

main()
