"""A synthetic local authority: whole care histories written as a multi-year 903 store.

Pure Python and Polars (no Django), so the CLI, tests and benchmarks share one entry point:
:func:`generate_store`. Only synthetic children: identifiers, dates and postcodes are made up.
"""

from incare.synth.calibration import UnknownAuthorityError
from incare.synth.store import StoreSummary, SynthError, generate_store

__all__ = ["StoreSummary", "SynthError", "UnknownAuthorityError", "generate_store"]
