"""The chapter as a tagged, accessible A4 PDF (WeasyPrint, PDF/UA-1).

PDF/UA-1 makes WeasyPrint write the structure tree (headings, tables with header cells,
figures with their alt text) and the document language and title; the charts are images
with alt text naming every figure they draw.
"""

from __future__ import annotations

from pathlib import Path

from incare.jsna.chapter import Chapter
from incare.jsna.render import html_document

PDF_VARIANT = "pdf/ua-1"


def write_pdf(chapter: Chapter, path: str | Path) -> Path:
    """Write the chapter to ``path`` (all or nothing: a temporary file is renamed)."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        HTML(string=html_document(chapter, for_pdf=True)).write_pdf(
            partial, pdf_variant=PDF_VARIANT, uncompressed_pdf=False
        )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
