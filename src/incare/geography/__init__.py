"""Postcode geography: the reference a council points incare at to place postcodes on a map.

Pure Polars, no Django. See docs/postcodes.md.
"""

from incare.geography.postcodes import (
    ENGLAND,
    REFERENCE_SCHEMA,
    PostcodeReferenceError,
    load_postcodes,
    normalise_postcode,
)

__all__ = [
    "ENGLAND",
    "REFERENCE_SCHEMA",
    "PostcodeReferenceError",
    "load_postcodes",
    "normalise_postcode",
]
