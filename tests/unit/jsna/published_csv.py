"""The published LAIT file read with the csv module, independently of incare's readers.

The shared reference copy (``shared/reference/benchmarks/``, as DfE published it) is read
when this checkout sits beside it; otherwise the copy packaged with incare.benchmarks.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference" / "benchmarks"


def _lines() -> Iterator[dict[str, str]]:
    if (REFERENCE / "lait_children_looked_after.csv").exists():
        with (REFERENCE / "lait_children_looked_after.csv").open(encoding="utf-8") as f:
            yield from csv.DictReader(f)
        return
    source = resources.files("incare.benchmarks").joinpath("data/lait_children_looked_after.csv.gz")
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        yield from csv.DictReader(f)


@cache
def published() -> dict[tuple[str, str, int], str]:
    """(measure, area, year ending 31 March) -> the value text exactly as published."""
    found = {}
    for row in _lines():
        label = row["year"]
        if "(OT)" in label:
            continue
        year = int(label[:4]) + 1 if "-" in label else int(label)
        found[(row["measure"], row["area"], year)] = row["value"].strip()
    return found


@cache
def numbers() -> dict[str, str]:
    """LA number -> area name."""
    return {row["la_number"].removesuffix(".0"): row["area"] for row in _lines() if row["region"]}


def neighbours(number: str) -> list[str]:
    """The ten statistical neighbours' numbers, from the published list."""
    name = "statistical_neighbours_2025.csv"
    if (REFERENCE / name).exists():
        text = (REFERENCE / name).read_text(encoding="utf-8")
    else:
        text = resources.files("incare.benchmarks").joinpath(f"data/{name}").read_text("utf-8")
    row = next(r for r in csv.DictReader(text.splitlines()) if r["la_number"] == number)
    return [row[f"sn{i}"] for i in range(1, 11)]


def value(measure: str, area: str, year: int) -> float | None:
    """The published number, or None where the file has a mark or no row."""
    text = published().get((measure, area, year), "")
    try:
        return float(text)
    except ValueError:
        return None
