"""The local measures catalogue: what the strategies measure that the 903 return lacks.

``data/local_measures.yaml`` lists them (id, title, unit, polarity, definition); their values
are recorded by hand (``do_record_local_value``) until the local-records work computes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

UNITS = ("percent", "count", "rate", "days", "mean", "yes_no")
POLARITIES = ("higher_is_better", "lower_is_better", "none")


class CatalogueError(ValueError):
    """The packaged catalogue itself is malformed (a bug in a transcription)."""


@dataclass(frozen=True)
class LocalMeasure:
    id: str
    title: str
    unit: str
    polarity: str
    definition: str


@cache
def local_measures() -> Mapping[str, LocalMeasure]:
    """Every catalogued local measure by id. The catalogue is packaged data, so it is read
    once per process (the scorecard, packs and loader all ask for it)."""
    source = resources.files("incare.strategies").joinpath("data/local_measures.yaml")
    entries: Any = yaml.safe_load(source.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise CatalogueError("local_measures.yaml must be a list of measures")
    catalogue: dict[str, LocalMeasure] = {}
    for number, entry in enumerate(entries, start=1):
        try:
            measure = LocalMeasure(
                id=str(entry["id"]),
                title=str(entry["title"]),
                unit=str(entry["unit"]),
                polarity=str(entry["polarity"]),
                definition=" ".join(str(entry["definition"]).split()),
            )
        except (KeyError, TypeError) as error:
            raise CatalogueError(
                f"local_measures.yaml entry {number} lacks {error}: each needs id, title, "
                "unit, polarity and definition"
            ) from None
        if measure.unit not in UNITS or measure.polarity not in POLARITIES:
            raise CatalogueError(
                f"local_measures.yaml entry {measure.id}: unit must be one of {', '.join(UNITS)} "
                f"and polarity one of {', '.join(POLARITIES)}"
            )
        if measure.id in catalogue:
            raise CatalogueError(f"local_measures.yaml lists {measure.id} twice")
        catalogue[measure.id] = measure
    return MappingProxyType(catalogue)
