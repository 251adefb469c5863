"""Indicator results as people and programs read them: JSON-able dicts, CSV, a text table.

The command line (``incare indicators``) and the web call the same functions here:
:func:`build_context` gathers what rate and location indicators need, :func:`run_indicators`
computes figures (an indicator whose context or table is missing becomes a figure with a
null value and a note, not an error), :func:`disclose` passes them through disclosure control
for an audience, and :func:`as_json` / :func:`as_csv` / :func:`as_table` write them out.
No Django here.
"""

from __future__ import annotations

import csv
import difflib
import importlib
import io
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from incare.indicators import INDICATORS, Indicator, Period
from incare.indicators.building_blocks import MissingTableError
from incare.indicators.context import IndicatorContext, MissingContextError
from incare.indicators.disclosure import FOOTNOTE, Audience, suppress_figure

FIELDS = ("id", "title", "value", "numerator", "denominator", "unit")
"""The keys of each indicator in JSON output, in order (``note`` follows when there is one)."""


class UnknownIndicatorError(LookupError):
    """An indicator id that is not registered; the message lists the closest ids."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for a period, ready to show. Values are unrounded for
    analysts; after :func:`disclose` for other audiences they are strings (``c``, ``12``)."""

    id: str
    title: str
    unit: str
    value: Any
    numerator: Any
    denominator: Any
    note: str | None = None
    children_with_errors: Any = None
    """How many children behind the figure the 903 validation flagged (its data quality);
    None when the return was not validated."""

    def as_dict(self) -> dict[str, Any]:
        row = {name: getattr(self, name) for name in FIELDS}
        if self.children_with_errors is not None:
            row["children_with_errors"] = self.children_with_errors
        if self.note is not None:
            row["note"] = self.note
        return row


@dataclass(frozen=True)
class Context:
    """The indicator context and why parts of it are missing (shown with affected figures)."""

    context: IndicatorContext
    notes: tuple[str, ...] = ()


def find_indicator(indicator_id: str) -> Indicator:
    """The registered indicator, or :class:`UnknownIndicatorError` naming close ids."""
    try:
        return INDICATORS[indicator_id]
    except KeyError:
        close = difflib.get_close_matches(indicator_id, INDICATORS, n=5, cutoff=0.5)
        close += [i for i in INDICATORS if indicator_id in i and i not in close][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownIndicatorError(f"no indicator {indicator_id!r}{hint}") from None


def build_context(
    *,
    la_code: str | None,
    population: int | None = None,
    postcodes: Path | None = None,
    years: Iterable[int] = (),
) -> Context:
    """The context for rate and location indicators.

    ``population`` (children aged 0-17) is used for every year in ``years``; without it the
    published population of ``la_code`` is looked up, if the populations module is there.
    """
    notes: list[str] = []
    populations: dict[int, int] = {}
    if population is not None:
        populations = dict.fromkeys(years, population)
    elif la_code is None:
        notes.append("no 0-17 population: the store names no authority; give --population")
    else:
        populations = _published_population(la_code, notes)
    reference = _postcode_reference(postcodes, notes) if postcodes is not None else None
    if postcodes is None:
        notes.append("no postcode reference: give --postcodes PATH")
    context = IndicatorContext(la_code=la_code, population_0_17=populations, postcodes=reference)
    return Context(context, tuple(notes))


def _optional(module: str, name: str) -> Any:
    """A function from a module that may not be installed yet (ImportError if absent)."""
    try:
        return getattr(importlib.import_module(module), name)
    except AttributeError:
        raise ImportError(f"{module} has no {name}") from None


def _published_population(la_code: str, notes: list[str]) -> dict[int, int]:
    try:
        population_0_17 = _optional("incare.indicators.populations", "population_0_17")
    except ImportError:
        notes.append(
            "no 0-17 population: published populations are not available; give --population"
        )
        return {}
    try:
        return dict(population_0_17(la_code))
    except (LookupError, ValueError, OSError) as error:
        notes.append(f"no 0-17 population for {la_code}: {error}; give --population")
        return {}


def _postcode_reference(path: Path, notes: list[str]) -> pl.DataFrame | None:
    try:
        load_postcodes = _optional("incare.geography", "load_postcodes")
    except ImportError:
        notes.append("postcode references cannot be read yet (no incare.geography)")
        return None
    loaded: pl.DataFrame = load_postcodes(path)
    return loaded


def run_indicators(
    tables: Mapping[str, pl.DataFrame],
    *,
    period: Period,
    context: Context,
    ids: Sequence[str] | None = None,
    flagged: Collection[str] | None = None,
) -> list[Figure]:
    """Every registered indicator (or those in ``ids``) for ``period``, in registry order.

    ``flagged``: the children the 903 validation found errors for; each figure then says how
    many of its own children they are (issue 4: "a figure carries its data quality")."""
    chosen = [find_indicator(i) for i in ids] if ids is not None else list(INDICATORS.values())
    wanted = None if flagged is None else pl.Series([c.upper() for c in flagged], dtype=pl.String)
    return [
        _figure(indicator, tables, period=period, context=context, flagged=wanted)
        for indicator in chosen
    ]


def _figure(
    indicator: Indicator,
    tables: Mapping[str, pl.DataFrame],
    *,
    period: Period,
    context: Context,
    flagged: pl.Series | None = None,
) -> Figure:
    try:
        result = indicator.run(tables, period=period, context=context.context)
    except MissingContextError as error:
        note = "; ".join([str(error), *_related(context.notes, str(error))])
        return Figure(indicator.id, indicator.title, indicator.unit.value, None, None, None, note)
    except MissingTableError as error:
        note = f"{error.args[0] if error.args else error}; the store does not have it"
        return Figure(indicator.id, indicator.title, indicator.unit.value, None, None, None, note)
    value: Any = result.value
    if indicator.unit.value == "count" and value is not None:
        value = int(value)
    with_errors = None
    if flagged is not None:
        cohort = result.children.get_column("CHILD").cast(pl.String).str.to_uppercase()
        with_errors = int(cohort.is_in(flagged.implode()).sum())
    return Figure(
        indicator.id,
        indicator.title,
        indicator.unit.value,
        value,
        result.numerator,
        result.denominator,
        children_with_errors=with_errors,
    )


def _related(notes: Sequence[str], error: str) -> list[str]:
    """The context notes about what ``error`` says is missing (a population or postcodes)."""
    topics = [t for t in ("population", "postcode") if t in error.lower()]
    return [n for n in notes if any(t in n for t in topics) and n not in error]


def children_behind(
    tables: Mapping[str, pl.DataFrame], *, indicator_id: str, period: Period, context: Context
) -> pl.DataFrame:
    """The children in the cohort of one figure, with whether each counts and why."""
    indicator = find_indicator(indicator_id)
    return indicator.run(tables, period=period, context=context.context).children


def disclose(figures: Iterable[Figure], *, audience: Audience) -> list[Figure]:
    """The figures as ``audience`` may see them (indicators.md §D; see disclosure.py)."""
    shown = []
    for figure in figures:
        safe = suppress_figure(
            unit=figure.unit,
            value=figure.value,
            numerator=figure.numerator,
            denominator=figure.denominator,
            audience=audience,
        )
        shown.append(
            replace(
                figure,
                value=safe["value"],
                numerator=safe["numerator"],
                denominator=safe["denominator"],
                children_with_errors=_small_count_hidden(figure.children_with_errors, audience),
            )
        )
    return shown


def _small_count_hidden(count: int | None, audience: Audience) -> Any:
    """A count of children is itself a small number: 1-5 shown as ``c`` outside analysts."""
    if count is None or audience == "analyst" or not 1 <= count <= 5:
        return count
    return "c"


def as_json(figures: Sequence[Figure], *, period: Period) -> str:
    """``{"period": {"start", "end"}, "indicators": [{id, title, value, ...}, ...]}``."""
    document = {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "indicators": [figure.as_dict() for figure in figures],
    }
    return json.dumps(document)


def as_csv(figures: Sequence[Figure], *, period: Period) -> str:
    """One row per indicator, with the period on every row; empty cells for nulls."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period_start", "period_end", *FIELDS, "note"])
    for figure in figures:
        row = figure.as_dict()
        writer.writerow(
            [period.start, period.end, *(row[name] for name in FIELDS), figure.note or ""]
        )
    return out.getvalue()


def as_table(figures: Sequence[Figure], *, period: Period, audience: Audience) -> str:
    """A table to read in a terminal: readable values, notes and the footnote underneath."""
    rows = [
        [f.id, _readable(f.value, f.unit), _readable(f.numerator), _readable(f.denominator), f.unit]
        for f in figures
    ]
    lines = [f"Indicators for {period}", ""]
    lines += format_rows(["id", "value", "numerator", "denominator", "unit"], rows)
    notes = [f"{f.id}: {f.note}" for f in figures if f.note]
    if notes:
        lines += ["", "Not calculated:", *(f"  {note}" for note in notes)]
    if audience != "analyst":
        lines += ["", FOOTNOTE]
    return "\n".join(lines)


def frame_as_text(frame: pl.DataFrame, *, output_format: str) -> str:
    """A frame (e.g. the children behind a figure) as json, csv or a text table."""
    if output_format == "json":
        return json.dumps(frame.to_dicts(), default=str)
    if output_format == "csv":
        return frame.write_csv()
    rows = [[_readable(v) for v in row] for row in frame.iter_rows()]
    return "\n".join([*format_rows(frame.columns, rows), f"({frame.height} rows)"])


def format_rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell; numbers and symbols right-aligned."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.rjust(w) if _numeric_looking(c) else c.ljust(w)
            for c, w in zip(cells, widths, strict=True)
        ]
        return "  ".join(padded).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _numeric_looking(text: str) -> bool:
    return text.replace(".", "", 1).isdigit() or text in {"c", "k", "x", "z", "-"}


def _readable(value: Any, unit: str | None = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if unit == "count" else f"{value:.1f}"
    return str(value)
