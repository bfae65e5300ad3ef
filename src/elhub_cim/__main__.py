"""``python -m elhub_cim`` runs the command line (as the ``elhub-cim`` command does, once the
package is imported: see :mod:`elhub_cim_launch`)."""

from elhub_cim_launch import main

main()
