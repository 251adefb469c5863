"""ONS mid-year estimates of children aged 0-17, by authority: the denominator of a rate.

``data/population_0_17.csv`` is extracted from DfE's EES file "CLA number and rate per
10,000 children" (public aggregate data; shared/reference/benchmarks/ees/): the population
DfE divided by for each authority and collection year, so our rates use exactly the same
denominators as the published ones. The collection year ending 31 March YYYY uses the
mid-(YYYY-1) estimate (indicators.md §0). Authorities DfE suppressed (``x``) are left out.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib import resources

import polars as pl


class UnknownAuthorityError(LookupError):
    """An authority that is not in the packaged population file."""


@cache
def population_table() -> pl.DataFrame:
    """The packaged file: la_name, old_la_code, new_la_code, region, collection_year, population."""
    source = resources.files("incare.indicators").joinpath("data/population_0_17.csv")
    with resources.as_file(source) as path:
        return pl.read_csv(
            path,
            schema={
                "la_name": pl.String(),
                "old_la_code": pl.String(),
                "new_la_code": pl.String(),
                "region": pl.String(),
                "collection_year": pl.Int32(),
                "population": pl.Int64(),
            },
        )


def _normalise(text: str) -> str:
    return " ".join(text.casefold().replace("&", "and").split())


def population_0_17(la: str) -> dict[int, int]:
    """The authority's 0-17 population by collection year (e.g. ``{2024: 44458, ...}``).

    ``la`` is its name ("Warrington", any case), DfE number ("877") or ONS code
    ("E06000007"). Raises :class:`UnknownAuthorityError`, naming close matches, otherwise.
    """
    table = population_table()
    wanted = _normalise(la)
    rows = table.filter(
        pl.col("la_name").str.to_lowercase().str.replace_all("&", "and").eq(wanted)
        | pl.col("old_la_code").eq(la.strip())
        | pl.col("new_la_code").str.to_uppercase().eq(la.strip().upper())
    )
    if rows.is_empty():
        names = {_normalise(name): name for name in table.get_column("la_name").unique()}
        close = [names[n] for n in difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownAuthorityError(
            f"no 0-17 population for {la!r}: give an authority's name, DfE number (877) or "
            f"ONS code (E06000007){hint}"
        )
    return dict(zip(rows["collection_year"].to_list(), rows["population"].to_list(), strict=True))
