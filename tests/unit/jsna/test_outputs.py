"""HTML, PDF and workbook outputs read back (issue 8: "The PDFs and workbooks are opened by
the tests (text and cells read back, figures compared with the engine's)")."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from incare.jsna import Chapter, build_chapter, render_html, write_pdf, write_xlsx


@pytest.fixture(scope="module")
def warrington() -> Chapter:
    return build_chapter(la="Warrington", year=2018)


@pytest.fixture(scope="module")
def pdf(warrington: Chapter, tmp_path_factory: pytest.TempPathFactory) -> pypdf.PdfReader:
    """One PDF for the tests that read it (rendering takes a few seconds)."""
    return pypdf.PdfReader(write_pdf(warrington, tmp_path_factory.mktemp("pdf") / "jsna.pdf"))


class Outline(HTMLParser):
    """Records each <figure>'s svg and table counts, tables' captions, and headings."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.figures: list[dict[str, int]] = []
        self.tables = 0
        self.captions = 0
        self.headings: list[str] = []
        self.svgs_outside_figures = 0
        self.svg_titles = 0
        self.header_cells_without_scope = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"figure", "table", "svg", "caption", "title", "th"}:
            self.stack.append(tag)
        if tag == "figure":
            self.figures.append({"svg": 0, "table": 0})
        if tag == "svg":
            if "figure" in self.stack[:-1] and self.figures:
                self.figures[-1]["svg"] += 1
            else:
                self.svgs_outside_figures += 1
            assert dict(attrs).get("role") == "img"
        if tag == "title" and "svg" in self.stack[:-1]:
            self.svg_titles += 1
        if tag == "table":
            self.tables += 1
            if "figure" in self.stack[:-1] and self.figures:
                self.figures[-1]["table"] += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and not dict(attrs).get("scope"):
            self.header_cells_without_scope += 1
        if tag in {"h1", "h2", "h3", "h4"}:
            self.headings.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"figure", "table", "svg", "caption", "title", "th"} and self.stack:
            self.stack.pop()


def test_every_chart_has_a_data_table_beside_it(warrington: Chapter) -> None:
    outline = Outline()
    outline.feed(render_html(warrington))
    charts = [f for f in outline.figures if f["svg"]]
    assert len(charts) >= 6
    assert all(f == {"svg": 1, "table": 1} for f in charts)
    assert outline.svgs_outside_figures == 0
    assert outline.svg_titles == len(charts)


def test_the_html_is_structured_for_screen_readers(warrington: Chapter) -> None:
    outline = Outline()
    html = render_html(warrington)
    outline.feed(html)
    assert outline.headings[0] == "h2"
    assert outline.headings.count("h3") >= 7
    assert outline.tables == outline.captions
    assert outline.header_cells_without_scope == 0
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_html_says_the_headline_figures(warrington: Chapter) -> None:
    html = render_html(warrington)
    assert "401 children were in care in Warrington on 31 March 2018." in html
    assert "is well above England&#x27;s 64 and close to the North West&#x27;s 91" in html


def test_the_pdf_opens_and_its_text_has_the_headline_figures(pdf: pypdf.PdfReader) -> None:
    reader = pdf
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "401 children were in care in Warrington on 31 March 2018" in text
    assert "90 per 10,000" in text
    assert "England's 64" in text
    assert "North West's 91" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Children in care: Warrington, 2018 (JSNA)"


def structure(node: object, found: dict[str, list[object]]) -> None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for kid in node:
            structure(kid, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        kind = node.get("/S")
        if kind is not None:
            found.setdefault(str(kind), []).append(node.get("/Alt"))
        if node.get("/K") is not None:
            structure(node["/K"], found)


def test_the_pdf_is_tagged_with_headings_tables_and_chart_alt_text(pdf: pypdf.PdfReader) -> None:
    """PDF/UA: a structure tree, the language, real tables and figures with alt text."""
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]
    found: dict[str, list[object]] = {}
    structure(root["/StructTreeRoot"], found)
    assert {"/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= set(found)
    assert found["/Figure"]
    assert all(found["/Figure"]), "every chart has alt text"
    assert any("Warrington: 2016 346, 2017 382, 2018 401" in str(a) for a in found["/Figure"])


def test_the_workbook_cells_equal_the_chapter_figures(warrington: Chapter, tmp_path: Path) -> None:
    book = load_workbook(write_xlsx(warrington, tmp_path / "jsna.xlsx"), read_only=True)
    cells = set()
    for sheet in book.worksheets:
        if sheet.title == "Notes":
            continue
        rows = sheet.iter_rows(values_only=True)
        assert next(rows) == ("measure", "title", "area", "year", "value", "marker")
        for measure, _title, area, year, value, marker in rows:
            cells.add((measure, area, year, value, marker))
    expected = {
        (f["measure"], f["area"], f["year"], f["value"], f.get("marker"))
        for f in warrington.figures()
    }
    assert cells == expected
    assert ("LACnum", "Warrington", 2018, 401, None) in cells
    assert ("LAC", "North West", 2018, 91, None) in cells


def test_the_workbook_has_a_sheet_per_section_with_figures(
    warrington: Chapter, tmp_path: Path
) -> None:
    book = load_workbook(write_xlsx(warrington, tmp_path / "jsna.xlsx"))
    assert book.sheetnames[0] == "Numbers and rates"
    assert "Health" in book.sheetnames
    assert book.sheetnames[-1] == "Notes"


def test_writes_leave_no_partial_file(warrington: Chapter, tmp_path: Path) -> None:
    write_xlsx(warrington, tmp_path / "a.xlsx")
    write_pdf(warrington, tmp_path / "a.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.xlsx"]
