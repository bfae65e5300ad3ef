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

``python -m elhub_cim`` imports the package before its ``__main__`` calls :func:`main` (most of
the start-up, a third of a second): the package's top calls :func:`starting_as_module` first,
which, in that process only, makes a signal until :func:`main` runs end the command alike.
"""

import sys

__all__ = ["Terminated", "main", "starting_as_module"]

#: SIGINT's number (the same on every system Python runs on), for an interrupt that came before
#: ``signal`` was imported.
_SIGINT = 2


class Terminated(KeyboardInterrupt):
    """A signal other than SIGINT (SIGTERM) while the command starts or runs outside a batch's
    own handling: ends it as Ctrl-C does, with exit code 128 + ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: What is said of a command a signal ended as it started.
_STOPPED = "interrupted while elhub-cim started: nothing done\n"
#: The names ``python -m`` runs the command by.
_MODULES = ("elhub_cim", "elhub_cim.__main__")


def _terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def _runs_the_command() -> bool:
    """Whether this process is ``python -m elhub_cim`` as Python locates the module (imports the
    package first). Python sets ``sys.argv[0]`` to ``-m`` meanwhile; the module's name is the
    word of ``sys.orig_argv`` before the program's arguments, alone or as ``-m<name>``."""
    if sys.argv[:1] != ["-m"] or len(sys.orig_argv) < len(sys.argv):
        return False
    word = sys.orig_argv[len(sys.orig_argv) - len(sys.argv)]
    return any(
        word == name or (word.startswith("-") and word.endswith(f"m{name}")) for name in _MODULES
    )


def _say_stopped() -> None:
    if sys.stderr is not None:  # (None: closed, 2>&-)
        sys.stderr.write(_STOPPED)


def _stopped_starting(signum: int, _frame: object) -> None:
    # (the package is being imported by Python's runpy: SystemExit ends the process with its
    # code, no traceback)
    _say_stopped()
    raise SystemExit(128 + signum)


def starting_as_module() -> None:
    """Called first by the package's top as it is imported: when this process is ``python -m
    elhub_cim`` starting, SIGINT and SIGTERM until :func:`main` runs end it as a signal while
    the ``elhub-cim`` command starts does (said, exit 130 or 143). Anything else (``import
    elhub_cim``, ``python -m`` of another module) is left as it is: no handler installed."""
    if not _runs_the_command():
        return
    import signal

    # (a signal ignored stays ignored, as in main)
    for signum, usual in (
        (signal.SIGINT, signal.default_int_handler),
        (signal.SIGTERM, signal.SIG_DFL),
    ):
        if signal.getsignal(signum) is usual:
            signal.signal(signum, _stopped_starting)


def main() -> None:
    """Run the command line, a signal while it starts an interrupt."""
    try:
        import signal

        # (python -m elhub_cim: the package's start-up handlers give way to these)
        if signal.getsignal(signal.SIGINT) is _stopped_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        # (a SIGTERM its parent ignores stays ignored, as SIGINT does: Python installs no
        # handler)
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, _stopped_starting):
            signal.signal(signal.SIGTERM, _terminated)
        from elhub_cim.cli import main as command
    except KeyboardInterrupt as stop:
        _say_stopped()
        sys.exit(128 + int(getattr(stop, "signum", _SIGINT)))
    command()


if __name__ == "__main__":
    main()
