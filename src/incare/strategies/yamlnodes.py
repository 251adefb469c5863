"""Reading YAML with line numbers: PyYAML's node tree, walked with the line of every value.

The definition checker must say *which line* is wrong, so we compose the node tree (which keeps
each node's start mark) instead of loading plain dicts. Scalars are turned into Python values
by PyYAML's own safe constructor, so ``2018-04-01`` is a date and ``95`` an int, as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file: where, what, and what was expected."""

    file: str
    line: int | None
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{where}: {self.message}{tail}"


class DefinitionError(ValueError):
    """A definition file with problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def line_of(node: yaml.Node) -> int:
    """The 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def compose(text: str, *, file: str) -> yaml.Node | None:
    """The document's node tree; malformed YAML raises :class:`DefinitionError` with its line."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise DefinitionError(
            [Problem(file, line, f"this is not valid YAML: {what}", "well-formed YAML")]
        ) from None
    except yaml.YAMLError as error:
        raise DefinitionError([Problem(file, None, f"this is not valid YAML: {error}")]) from None


def scalar_value(node: yaml.ScalarNode) -> Any:
    """The Python value of a scalar node, as ``yaml.safe_load`` would give it.

    A scalar PyYAML cannot build (``2019-13-31`` looks like a date but is none, or an unsafe
    tag) is returned as its text, for the checker to report as the wrong kind of value.
    """
    constructor = yaml.SafeLoader("")
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return str(node.value)


def plain(node: yaml.Node) -> Any:
    """The whole subtree as plain Python values (for JSON fields)."""
    constructor = yaml.SafeLoader("")
    return constructor.construct_object(node, deep=True)
