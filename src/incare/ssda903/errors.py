"""What can be wrong with a 903 return, said in words a data officer can act on.

The reader never lets a Polars or ``UnicodeDecodeError`` traceback reach the user: every
fault in the input becomes a :class:`Problem` naming the file, line, column and value, and
all of them are raised together in one :class:`ReturnError` so a council can fix a whole
submission in one pass instead of one error per upload.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_LISTED = 50
"""How many problems ``str(ReturnError)`` prints before saying "and N more"."""

_MAX_VALUE_CHARS = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``row`` is the 1-based line number in the file, the header being line 1, or ``None``
    when the problem is with the whole file (or folder). ``issue`` says what is wrong with
    ``value`` ("is not a date"); ``expected`` says what would have been right.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    issue: str = ""

    @classmethod
    def whole(cls, file: str, issue: str, *, expected: str, row: int | None = None) -> Problem:
        """A problem with a file (or folder), or with one line of it, not with one cell."""
        return cls(file, row, None, None, expected, issue)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column is not None:
            where.append(self.column)
        what = []
        if self.value is not None:
            what.append(f"'{_shorten(self.value)}'")
        if self.issue:
            what.append(self.issue)
        said = " ".join(what)
        tail = f"{said}; expected {self.expected}" if said else f"expected {self.expected}"
        return f"{', '.join(where)}: {tail}"


def _shorten(value: str) -> str:
    if len(value) <= _MAX_VALUE_CHARS:
        return value
    return value[: _MAX_VALUE_CHARS - 1] + "…"


class ReturnError(Exception):
    """A return (or store) could not be read; ``problems`` holds everything found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"the 903 return could not be read: {count} {noun} found"]
        lines.extend(f"- {p}" for p in self.problems[:MAX_LISTED])
        if count > MAX_LISTED:
            lines.append(f"… and {count - MAX_LISTED} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._describe()
