"""``python -m elhub_cim`` runs the command line."""

from .cli import main

main()
