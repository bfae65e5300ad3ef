"""The ``elhub-cim`` command's entry point: a module of its own, outside the package, so that it
runs before ``import elhub_cim`` and the command line's modules load (most of the command's
start-up, a quarter of a second).

A signal while the command starts ends it as an interrupt does: a line said, no traceback, exit
130 for Ctrl-C (SIGINT) and 143 for SIGTERM, where it would be Python's KeyboardInterrupt
traceback or, for SIGTERM, death without a word (-15 to a parent that is no shell). Nothing is
written before the command runs. Once it runs, the command line takes over
(:mod:`elhub_cim.cli`: 130 or 143 for any command, a batch's own handling while it runs). The
handler is this process's (the command's), never a library call's: ``import elhub_cim`` installs
none. This module imports nothing at its top (``sys`` is loaded with Python): ``signal`` too is
imported where an interrupt is an interrupt.
"""

import sys

__all__ = ["Terminated", "main"]

#: SIGINT's number (the same on every system Python runs on), for an interrupt that came before
#: ``signal`` was imported.
_SIGINT = 2


class Terminated(KeyboardInterrupt):
    """A signal other than SIGINT (SIGTERM) while the command starts or runs outside a batch's
    own handling: ends it as Ctrl-C does, with exit code 128 + ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def main() -> None:
    """Run the command line, a signal while it starts an interrupt."""
    try:
        import signal

        # (a SIGTERM its parent ignores stays ignored, as SIGINT does: Python installs no
        # handler)
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _terminated)
        from elhub_cim.cli import main as command
    except KeyboardInterrupt as stop:
        sys.stderr.write("interrupted while elhub-cim started: nothing done\n")
        sys.exit(128 + int(getattr(stop, "signum", _SIGINT)))
    command()


if __name__ == "__main__":
    main()
