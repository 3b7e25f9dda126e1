"""The family of errors cspanalysis raises: catch ``CspError`` for anything from us.

The command line prints these as one message, without a traceback, and exits
non-zero; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class CspError(Exception):
    """Root of every error this package raises on purpose."""


class ConfigError(CspError):
    """A review configuration, registry or parameter is wrong."""


class RunError(CspError):
    """A notebook or a publishing step failed; nothing was published."""


class DisclosureError(CspError):
    """A protected count would have been published."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is and what was expected.

    ``row`` is the 1-based line number in the file as a person opening it would
    count (the header is line 1), or ``None`` when the problem is not tied to a
    row (a missing column, an empty file).
    """

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{' '.join(where)}: {self.message}" if where else self.message


class InputError(CspError):
    """An input file is unusable: one message naming file, row, column and what was expected.

    All problems found in one file are collected first and reported together,
    so a user fixes the file once rather than once per error.
    """

    #: how many problems the message lists before summarising the rest
    SHOWN = 10

    def __init__(self, path, problems):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.path = str(path)
        self.problems = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        shown = "; ".join(str(p) for p in self.problems[: self.SHOWN])
        more = f"; and {count - self.SHOWN} more" if count > self.SHOWN else ""
        noun = "problem" if count == 1 else "problems"
        return f"{self.path}: {count} {noun}: {shown}{more}"
