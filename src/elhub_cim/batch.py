"""Batch plumbing for the CLI: inputs (files, folders, stdin), mirrored outputs, the tally.

A batch never drops an input silently: every input ends in the tally as converted or rejected
with its reason, and the counts add up to the number of inputs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem

__all__ = ["STDIN", "BatchInput", "Tally", "expand_inputs", "output_path"]

STDIN = "-"
MESSAGE_SUFFIXES = (".xml",)


@dataclass(frozen=True, slots=True)
class BatchInput:
    """One input of a batch: a file (with the folder it was found under), or standard input."""

    label: str
    path: Path | None  # None = standard input
    base: Path | None = None  # the folder argument it was found under, for mirrored outputs

    def read_source(self) -> Any:
        return sys.stdin.buffer if self.path is None else self.path


def expand_inputs(
    arguments: tuple[str, ...], suffixes: tuple[str, ...] = MESSAGE_SUFFIXES
) -> Iterator[BatchInput | Problem]:
    """Files named, files under folders (recursively, sorted), or ``-``; a missing path becomes
    an I/O problem so that the batch reports it instead of stopping or skipping it."""
    for argument in arguments:
        if argument == STDIN:
            yield BatchInput("<stdin>", None)
            continue
        path = Path(argument)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in suffixes:
                    yield BatchInput(str(found), found, base=path)
        elif path.exists():
            yield BatchInput(str(path), path)
        else:
            yield Problem("IO_ERROR", "no such file or folder", file=argument)


def output_path(item: BatchInput, out_dir: Path, suffix: str) -> Path:
    """Where ``item``'s output goes under ``out_dir``: the input's place below the folder it was
    found under (mirroring the tree), or just its name for a file named directly."""
    if item.path is None:
        return out_dir / f"stdin{suffix}"
    relative = item.path.relative_to(item.base) if item.base is not None else Path(item.path.name)
    return out_dir / relative.with_suffix(suffix)


@dataclass(slots=True)
class Tally:
    """Converted and rejected inputs, for the closing summary."""

    converted: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (input, first reason)
    with_losses: int = 0
    with_findings: int = 0  # converted with business-rule findings (reported)
    io_errors: int = 0

    @property
    def total(self) -> int:
        return self.converted + len(self.rejected)

    def summary(self) -> str:
        text = f"{self.total} inputs: {self.converted} converted, {len(self.rejected)} rejected"
        if self.with_losses:
            text += f" ({self.with_losses} converted with reported losses)"
        if self.with_findings:
            text += f" ({self.with_findings} converted with business-rule findings)"
        return text
