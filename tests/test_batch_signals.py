"""A batch stopped from outside (SIGTERM, SIGINT) while its inputs run: it ends as an interrupt
does, its manifest kept, and the command line's signal handlers are its own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim.batch import MANIFEST_NAME
from elhub_cim.cli import main
from tests.batches import SOURCES, many_inputs, stopped_batch
from tests.conftest import PROJECT_ROOT


def _stopped(
    source: Path, out: Path, jobs: str, signum: int, written: int, group: bool = False
) -> tuple[int, str]:
    """convert SOURCE -O OUT -j JOBS, stopped (:func:`tests.batches.stopped_batch`)."""
    return stopped_batch(source, out, ["-j", jobs], signum, written, group)


def _manifest_outputs(out: Path) -> list[str]:
    manifest = out / MANIFEST_NAME
    if not manifest.exists():
        return []
    return [json.loads(line)["output"] for line in manifest.read_text().splitlines()]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_ends_a_batch_as_an_interrupt_does(tmp_path: Path, jobs: str) -> None:
    """SIGTERM (a service stopped, `timeout`, `kill`) killed a batch at once: no closing line,
    exit -15, and the manifest lines of the last quarter second lost (their outputs done again by
    --resume). It ends as Ctrl-C does: the workers stopped, the manifest written, the closing
    line said, and exit 143 (128 + SIGTERM)."""
    source = many_inputs(tmp_path, 900)
    out = tmp_path / "out"
    code, errors = _stopped(source, out, jobs, signal.SIGTERM, 400)
    assert code == 143, errors
    assert "Traceback" not in errors, errors
    last = errors.strip().splitlines()[-1]
    assert last.startswith("interrupted: "), errors
    assert last.endswith("the same command with --resume goes on"), errors
    listed = _manifest_outputs(out)
    assert all(Path(output).is_file() for output in listed)
    done = int(last.split()[1])
    assert len(listed) == done, errors


def test_the_command_line_restores_the_signal_handlers(tmp_path: Path) -> None:
    """The batch commands handle SIGTERM while they run, and give the handler back after: a
    program that runs the command line in its process keeps its own."""

    def own(signum: int, frame: object) -> None:  # pragma: no cover - never called
        pass

    kinds = (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)
    before = {signum: signal.signal(signum, own) for signum in kinds}
    try:
        for command in (["convert", "--to", "cim", "-O", str(tmp_path / "out")], ["validate"]):
            result = CliRunner().invoke(main, [*command, str(SOURCES[0])])
            assert result.exit_code == 0, result.output
            assert all(signal.getsignal(signum) is own for signum in kinds)
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


@pytest.mark.parametrize(
    ("jobs", "signum", "group"),
    [
        ("2", signal.SIGINT, True),
        ("2", signal.SIGINT, False),
        ("2", signal.SIGTERM, False),
        ("1", signal.SIGINT, False),
        ("1", signal.SIGTERM, False),
    ],
)
def test_an_interrupted_run_lists_every_output_it_wrote(
    tmp_path: Path, jobs: str, signum: int, group: bool
) -> None:
    """Interrupted, a run with --jobs N lost the records of the units its workers were running
    (hundreds of inputs each) and of those finished behind them: their outputs, whole on disk,
    had no manifest line, and --resume converted them again. Each worker hands back what it
    finished, and every output on disk has its line (one process: the chunk it was running)."""
    source = many_inputs(tmp_path, 1200)
    out = tmp_path / "out"
    code, errors = _stopped(source, out, jobs, signum, 30, group)
    assert code == 128 + signum, errors
    assert "Traceback" not in errors, errors
    written = sorted(str(path) for path in out.glob("*.xml"))
    listed = _manifest_outputs(out)
    assert sorted(listed) == written, errors
    last = errors.strip().splitlines()[-1]
    assert last.startswith(f"interrupted: {len(written)} of 1200 inputs done"), errors


def test_an_interrupt_outside_the_batchs_own_handling_is_still_an_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between the listing and the first input (the outputs a --force run may replace
    are gathered: a while for a million inputs), or a second one as the batch ended, escaped
    the batch's handling: click's 'Aborted!' and exit 1, the code of an input rejected. It is
    an interrupt there too: said, exit 130."""
    from elhub_cim import batch

    def runner(*arguments: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_runner", runner)
    command = ["convert", str(SOURCES[0]), "--to", "cim", "-O", str(tmp_path / "out")]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 130, result.output
    assert "Aborted!" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("interrupted"), result.output


def _import_hook(module: str, signum: int) -> str:
    """Python that sends this process ``signum`` as ``module`` is first imported (by its full
    name, or relatively with names from it: ``from .pipeline import …``)."""
    return f"""
import builtins, os
real = builtins.__import__
def hooked(name, *rest, **named):
    if name == {module!r} or (rest and rest[2] and name == {module.rpartition(".")[2]!r}):
        builtins.__import__ = real
        os.kill(os.getpid(), {int(signum)})
    return real(name, *rest, **named)
builtins.__import__ = hooked
"""


def _signalled_at_import(module: str, signum: int, arguments: list[str]) -> tuple[int, str]:
    """The command as its installed script runs it (pyproject's entry point), sent ``signum``
    as ``module`` is first imported (start-up: before the batch's own handlers): its exit code
    and standard error."""
    with (PROJECT_ROOT / "pyproject.toml").open("rb") as file:
        entry = tomllib.load(file)["project"]["scripts"]["elhub-cim"]
    where, _, name = entry.partition(":")
    program = f"""{_import_hook(module, signum)}
import sys
sys.argv[0] = "elhub-cim"
from {where} import {name}
sys.exit({name}())
"""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    process = subprocess.run(
        [sys.executable, "-c", program, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    return process.returncode, process.stderr


def _signalled_at_import_as_module(
    tmp_path: Path, how: list[str], module: str, signum: int, arguments: list[str]
) -> tuple[int, str]:
    """``python HOW elhub_cim ARGUMENTS`` (``-m``), sent ``signum`` as ``module`` is first
    imported (the hook installed as Python starts, by a ``sitecustomize`` of its path, before
    Python imports the package): its exit code and standard error."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_import_hook(module, signum), encoding="utf-8")
    path = os.pathsep.join([str(hook), str(PROJECT_ROOT / "src")])
    process = subprocess.run(
        [sys.executable, *how, *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=120,
    )
    return process.returncode, process.stderr


@pytest.mark.parametrize(
    ("module", "signum"),
    [
        *[
            (module, signum)
            for module in ("elhub_cim.pipeline", "elhub_cim.cli", "click")
            for signum in (signal.SIGINT, signal.SIGTERM)
        ],
        # (the entry point's first import, before it can take SIGTERM: Ctrl-C only)
        ("signal", signal.SIGINT),
    ],
)
def test_a_signal_while_the_command_starts_is_an_interrupt(
    tmp_path: Path, module: str, signum: int
) -> None:
    """A signal while the command started (importing its modules: the first quarter second)
    killed it outright: a KeyboardInterrupt traceback for Ctrl-C, for SIGTERM no word at all
    (and -15, not 143, to a parent that is no shell). It ends as an interrupt does: a line
    said, no traceback, 130 or 143, nothing written."""
    out = tmp_path / "out"
    arguments = ["convert", str(SOURCES[0]), "--to", "cim", "-O", str(out)]
    code, errors = _signalled_at_import(module, signum, arguments)
    assert code == 128 + signum, errors
    assert "Traceback" not in errors, errors
    assert errors.strip().splitlines()[-1].startswith("interrupted"), errors
    assert not out.exists()


@pytest.mark.parametrize(
    ("module", "signum"),
    [
        (module, signum)
        # (the package's own modules, imported before its __main__; then the command line's)
        for module in ("elhub_cim.core.catalog", "elhub_cim.pipeline", "elhub_cim.cli", "click")
        for signum in (signal.SIGINT, signal.SIGTERM)
    ],
)
@pytest.mark.parametrize("how", [["-m", "elhub_cim"], ["-umelhub_cim"]])
def test_a_signal_while_python_m_starts_the_command_is_an_interrupt(
    tmp_path: Path, how: list[str], module: str, signum: int
) -> None:
    """``python -m elhub_cim`` imports the package before its ``__main__`` (and so before the
    entry point's handlers): a signal then (a third of a second) killed it outright, a
    KeyboardInterrupt traceback for Ctrl-C and -15 for SIGTERM. It ends as the ``elhub-cim``
    command does: a line said, no traceback, 130 or 143, nothing written."""
    out = tmp_path / "out"
    arguments = ["convert", str(SOURCES[0]), "--to", "cim", "-O", str(out)]
    code, errors = _signalled_at_import_as_module(tmp_path, how, module, signum, arguments)
    assert code == 128 + signum, errors
    assert "Traceback" not in errors, errors
    assert errors.strip().splitlines()[-1].startswith("interrupted"), errors
    assert not out.exists()


def test_python_m_of_another_module_of_the_package_keeps_pythons_handlers(tmp_path: Path) -> None:
    """Only ``python -m elhub_cim`` is the command: ``python -m`` of another of the package's
    modules (which imports the package first too) runs with Python's own signal handlers."""
    program = """
import atexit, signal
def said():
    print(signal.getsignal(signal.SIGINT) is signal.default_int_handler,
          signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
atexit.register(said)
"""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(program, encoding="utf-8")
    path = os.pathsep.join([str(hook), str(PROJECT_ROOT / "src")])
    process = subprocess.run(
        [sys.executable, "-m", "elhub_cim._version", "elhub_cim"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=60,
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.split() == ["True", "True"], process.stdout


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("as_module", [False, True])
def test_a_signal_before_the_batch_runs_is_an_interrupt(
    tmp_path: Path, signum: int, as_module: bool
) -> None:
    """A signal after start-up and before the batch took its signals (the options checked: a
    rules configuration loaded) printed click's 'Aborted!' and exited 1, the code of an input
    rejected (SIGTERM: killed outright). It ends as an interrupt does: said, 130 or 143. (Run
    as ``python -m elhub_cim`` too: the handlers of its start-up are gone by then.)"""
    config = tmp_path / "rules.toml"
    config.write_text("", encoding="utf-8")
    arguments = ["validate", str(SOURCES[0]), "--rules-config", str(config)]
    if as_module:
        how = ["-m", "elhub_cim"]
        code, errors = _signalled_at_import_as_module(
            tmp_path, how, "elhub_cim.rules", signum, arguments
        )
        assert "started" not in errors, errors
    else:
        code, errors = _signalled_at_import("elhub_cim.rules", signum, arguments)
    assert code == 128 + signum, errors
    assert "Traceback" not in errors, errors
    assert "Aborted!" not in errors, errors
    assert errors.strip().splitlines()[-1].startswith("interrupted"), errors


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_started_with_sigint_ignored_keeps_ignoring_it(tmp_path: Path, jobs: str) -> None:
    """A command started with SIGINT ignored (a background job of a shell script: POSIX has it
    inherit SIGINT ignored, so that Ctrl-C stops the script's foreground, not its background
    work) took it all the same once its batch ran: Ctrl-C at the terminal interrupted it (exit
    130), and with --jobs N its workers too. It keeps SIGINT ignored, as Python does; SIGTERM
    still stops it."""
    source = many_inputs(tmp_path, 600)
    out = tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # (the child inherits it ignored)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "elhub_cim", *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            start_new_session=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.xml"))) < 30:
            assert process.poll() is None, "the batch ended before it was sent SIGINT"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGINT)  # (as Ctrl-C: every process of the group)
        _, errors = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, errors
    assert errors.strip().splitlines()[-1] == "600 inputs: 600 converted, 0 rejected", errors
    assert len(_manifest_outputs(out)) == 600
