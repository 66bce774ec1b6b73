"""``python -m bandfit`` runs the CLI."""

from bandfit.cli import main

main()
