"""Reading record files (SSD extracts and CSV templates) cell by cell, with clear errors.

Every fault becomes a `Problem` naming the file, line, column, the value and what was
expected, and all of a file's problems are raised together in one `RecordsError`, so a data
officer can fix a whole file in one pass. Values are parsed by the model field they go
into, so the templates, the SSD mapping and the forms can never disagree on a type or code.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from incare.ssda903.errors import MAX_LISTED, Problem

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
"""ISO dates, the 903's dd/mm/yyyy, and SQL Server datetimes (the SSD's type) at midnight."""
YES = {"y", "yes", "1", "true", "t"}
NO = {"n", "no", "0", "false", "f"}


class RecordsError(Exception):
    """Record files that could not be imported; ``problems`` holds everything found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"the records could not be imported: {count} {noun} found"]
        lines.extend(f"- {p}" for p in self.problems[:MAX_LISTED])
        if count > MAX_LISTED:
            lines.append(f"… and {count - MAX_LISTED} more")
        return "\n".join(lines)


class CellError(ValueError):
    """A value a field cannot take; the message says what was expected."""


def normalise(text: str) -> str:
    """Lower case, runs of spaces, hyphens and slashes as one underscore: "Former Relevant"
    and "former-relevant" both read as ``former_relevant``."""
    return re.sub(r"[\s\-/]+", "_", text.strip().lower())


def parse_date(raw: str) -> date:
    text = raw.strip()
    text = re.sub(r"\.\d+$", "", text)  # SQL Server's fractional seconds
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if parsed.time() != datetime.min.time():
            raise CellError("a date (a date and time must be at midnight)")
        return parsed.date()
    raise CellError("a date, as YYYY-MM-DD or DD/MM/YYYY")


def parse_flag(raw: str, synonyms: Mapping[str, bool] | None = None) -> bool:
    text = normalise(raw)
    if synonyms and text in synonyms:
        return synonyms[text]
    if text in YES:
        return True
    if text in NO:
        return False
    extra = "" if not synonyms else ", " + ", ".join(sorted(synonyms))
    raise CellError(f"Y or N (or Yes, No, 1, 0{extra})")


def parse_choice(field: models.Field[Any, Any], raw: str, synonyms: Mapping[str, str]) -> str:
    text = normalise(raw)
    if text in synonyms:
        return synonyms[text]
    for code, label in field.choices or ():
        if text in (normalise(str(code)), normalise(str(label))):
            return str(code)
    codes = ", ".join(str(code) for code, _ in field.choices or ())
    raise CellError(f"one of {codes}")


def parse_cell(
    field: models.Field[Any, Any], raw: str, *, synonyms: Mapping[str, Any] | None = None
) -> Any:
    """The value ``raw`` gives ``field``; blank is None (or "" for text). Raises CellError."""
    synonyms = synonyms or {}
    if not raw.strip():
        if not field.blank:
            raise CellError("a value (this column is required)")
        if field.has_default():
            return field.get_default()
        return "" if isinstance(field, models.CharField) else None
    if isinstance(field, models.DateField):
        value: Any = parse_date(raw)
    elif isinstance(field, models.BooleanField):
        value = parse_flag(raw, synonyms)
    elif isinstance(field, models.IntegerField):
        value = _parse_whole(raw)
    elif field.choices:
        value = parse_choice(field, raw, synonyms)
    else:
        value = _parse_text(field, raw)
    try:
        field.run_validators(value)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages).rstrip(".").lower() or "a valid value") from exc
    return value


def _parse_whole(raw: str) -> int:
    text = raw.strip()
    if text.endswith(".0"):
        text = text[:-2]  # spreadsheets write whole numbers as 12.0
    if not text.isdigit():
        raise CellError("a whole number of 0 or more")
    return int(text)


def _parse_text(field: models.Field[Any, Any], raw: str) -> str:
    text = raw.strip()
    if field.max_length is not None and len(text) > field.max_length:
        raise CellError(f"text of at most {field.max_length} characters")
    return text


def plan_text(raw: str) -> str:
    """The SSD's care plan column may be JSON ({"ADOPTION": "Y", ...}): the chosen plans."""
    try:
        parsed = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(parsed, dict):
        chosen = [str(k) for k, v in parsed.items() if str(v).strip().lower() in YES | {"x"}]
        return ", ".join(chosen)
    return raw


@dataclass(frozen=True)
class Row:
    """One data line of a CSV file: its line number (the header is line 1) and its cells."""

    line: int
    cells: dict[str, str]


def read_rows(
    path: Path, *, required: Iterable[str], problems: list[Problem], label: str | None = None
) -> Iterator[Row]:
    """The rows of a CSV file, headers matched without regard to case or spaces.

    A missing required column, an unreadable file or a line with too many cells is added to
    ``problems`` (and yields no rows, or skips that line).
    """
    name = label or path.name
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = [normalise(h) for h in next(reader, [])]
            missing = [c for c in required if c not in header]
            if missing:
                problems.append(
                    Problem.whole(
                        name,
                        f"has no column {', '.join(missing)}",
                        expected=f"a header line with the columns {', '.join(required)}",
                        row=1,
                    )
                )
                return
            for number, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header):
                    expected = f"at most {len(header)} cells, as in the header"
                    problems.append(
                        Problem.whole(name, "has too many cells", expected=expected, row=number)
                    )
                    continue
                yield Row(number, dict(zip(header, cells, strict=False)))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(
            Problem.whole(name, f"could not be read ({exc})", expected="a UTF-8 CSV file")
        )
