"""The JSNA children-in-care chapter for any English authority and year (issue 8 §3).

Pure (no Django). :func:`build_chapter` reads DfE's published figures (LAIT, packaged with
:mod:`incare.benchmarks`) for one authority at 31 March of a year: numbers and rates over
time against England, the region and the statistical neighbours; placement types;
stability; permanence and adoption; health (OC2); care leavers; missing; with short
generated narrative. Local current figures (the authority's own child-level data) are added
after disclosure control for the public. Write it out with :func:`render_html`,
:func:`write_pdf` or :func:`write_xlsx`; ``Chapter.as_json()`` lists every figure shown.
See docs/jsna.md.
"""

from __future__ import annotations

from incare.jsna.chapter import Chapter, Figure, JsnaError, build_chapter
from incare.jsna.pdf import write_pdf
from incare.jsna.render import render_html
from incare.jsna.workbook import write_xlsx

__all__ = [
    "Chapter",
    "Figure",
    "JsnaError",
    "build_chapter",
    "render_html",
    "write_pdf",
    "write_xlsx",
]
