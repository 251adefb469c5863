"""The chapter as a self-contained, accessible HTML section (and the page the PDF prints).

Every chart is an inline SVG with a title and description inside a ``<figure>``, and the
same figures are in a real ``<table>`` beside it (WCAG 1.1.1: the table is the text
alternative a screen reader can navigate). Headings nest h2 > h3; tables have captions and
``scope`` on header cells. No scripts, no external files.
"""

from __future__ import annotations

from base64 import b64encode
from html import escape

from incare.jsna import charts, narrative
from incare.jsna.chapter import ENGLAND, NEIGHBOURS, Chapter, Figure, Row, SectionView
from incare.jsna.local import LocalFigures
from incare.jsna.sections import MEASURES, Kind

SOURCE = (
    "Source: Department for Education, Local Authority Interactive Tool (LAIT), children "
    "looked after in England, latest revised series (Open Government Licence). Statistical "
    "neighbours: DfE's May 2025 list; their figure is the simple mean of the neighbours that "
    "published one. '-' : suppressed or not available as published; x: not in the published "
    "file; c: hidden to protect confidentiality."
)

STYLE = """
.jsna-chapter { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; line-height: 1.4; }
.jsna-chapter h2 { font-size: 1.6em; margin: 0.4em 0; }
.jsna-chapter h3 { font-size: 1.25em; margin: 1.2em 0 0.4em; break-after: avoid; }
.jsna-chapter table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 0.85em; }
.jsna-chapter caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
.jsna-chapter th, .jsna-chapter td { border-bottom: 1px solid #b1b4b6; padding: 0.25em 0.5em; }
.jsna-chapter th[scope=row] { text-align: left; font-weight: normal; }
.jsna-chapter td { text-align: right; }
.jsna-figure { margin: 0.5em 0 1em; break-inside: avoid; }
.jsna-figure figcaption { font-weight: bold; margin-bottom: 0.3em; }
.jsna-pair { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
.jsna-chart { flex: 1 1 55%; min-width: 18em; }
.jsna-chart svg, .jsna-chart img { width: 100%; height: auto; }
.jsna-pair table { flex: 1 1 35%; font-size: 0.8em; }
.jsna-note, .jsna-source { font-size: 0.85em; color: #505a5f; }
"""


def render_html(chapter: Chapter, *, for_pdf: bool = False) -> str:
    """The chapter as one ``<section>`` with its own styles.

    ``for_pdf``: charts as ``<img alt=...>`` (WeasyPrint tags an image with its alt text as
    a PDF Figure; an inline SVG's title is not carried into the PDF's structure)."""
    la = escape(chapter.la)
    parts = [
        '<section class="jsna-chapter" lang="en" aria-labelledby="jsna-title">',
        f"<style>{STYLE}</style>",
        f'<h2 id="jsna-title">Children in care: {la}, 31 March {chapter.year}</h2>',
        *(f"<p>{escape(s)}</p>" for s in chapter.summary),
        _key_facts(chapter),
        f'<p class="jsna-note">Compared with England, the {escape(chapter.authority.region)} '
        f"region and {la}'s statistical neighbours: "
        f"{escape(', '.join(chapter.neighbours)) or 'none listed'}.</p>",
    ]
    for index, section in enumerate(chapter.sections):
        parts.append(_section(chapter, section, index, for_pdf=for_pdf))
    if chapter.local is not None:
        parts.append(_local(chapter, chapter.local))
    parts.append(f'<p class="jsna-source">{escape(SOURCE)}</p></section>')
    return "\n".join(parts)


KEY_FACTS = (
    "LACnum",
    "LAC",
    "LACnum_Start",
    "LACceased",
    "Unacc_Asylmn_Seek_Childn",
    "NoCareLeavers",
)
"""Listed under the opening, as the seed's "What we know" list does."""


def _key_facts(chapter: Chapter) -> str:
    items = []
    for code in KEY_FACTS:
        try:
            row = chapter.row(code)
        except KeyError:
            continue
        value = row.authority.value
        # The label says the unit of a rate ("per 10,000"); a percentage keeps its sign.
        shown = narrative.number(value, row.measure.kind)
        items.append(f"<li>{escape(row.measure.label)}: {escape(shown)}</li>")
    heading = f"In {escape(chapter.la)} at 31 March {chapter.year} (published figures):"
    return f'<p class="jsna-note">{heading}</p><ul>{"".join(items)}</ul>' if items else ""


def _cell(figure: Figure | None, kind: Kind) -> str:
    if figure is None:
        return "<td>n/a</td>"
    if figure.value is None:
        return f"<td>{escape(figure.marker or '-')}</td>"
    if kind is Kind.PERCENT:
        return f"<td>{narrative.with_unit(figure.value, kind)}</td>"
    return f"<td>{narrative.number(figure.value, kind)}</td>"


def _headers(chapter: Chapter) -> list[str]:
    return [chapter.la, chapter.authority.region, ENGLAND, NEIGHBOURS]


def _comparison_table(chapter: Chapter, view: SectionView) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in ["Measure", *_headers(chapter)])
    body = []
    for row in view.rows:
        kind = row.measure.kind
        cells = [row.authority, row.region, row.england, row.neighbours]
        body.append(
            f'<tr><th scope="row">{escape(row.measure.label)}</th>'
            + "".join(_cell(c, kind) for c in cells)
            + "</tr>"
        )
    caption = f"{view.section.title}: {chapter.la} and comparators, {chapter.year}"
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _table(caption: str, head: str, body: str) -> str:
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _figure(chart: str, table: str, caption: str, *, alt: str, for_pdf: bool) -> str:
    if for_pdf:
        data = b64encode(chart.encode()).decode()
        chart = f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'
    return (
        f'<figure class="jsna-figure"><figcaption>{escape(caption)}</figcaption>'
        f'<div class="jsna-pair"><div class="jsna-chart">{chart}</div>{table}</div></figure>'
    )


def _trend_figure(chapter: Chapter, code: str, rows: tuple[Row, ...], n: str, pdf: bool) -> str:
    measure = MEASURES[code]
    years = [str(r.authority.year) for r in rows]
    names = _headers(chapter)
    columns: list[list[Figure | None]] = [
        [r.authority for r in rows],
        [r.region for r in rows],
        [r.england for r in rows],
        [r.neighbours for r in rows],
    ]
    # A count is charted for the authority alone: England's tens of thousands would flatten it.
    if measure.kind is Kind.COUNT:
        names, columns = names[:1], columns[:1]
    series = [
        charts.Series(name, [f.value if f else None for f in column])
        for name, column in zip(names, columns, strict=True)
    ]
    title = f"{measure.label}, {years[0]} to {years[-1]}" if years else measure.label
    description = "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{y} {narrative.number(v, measure.kind)}" for y, v in zip(years, s.values, strict=True)
        )
        for s in series
    )
    svg = charts.line_chart(
        ident=n, title=title, description=description, labels=years, series=series
    )
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in ["Year", *names])
    body = "".join(
        f'<tr><th scope="row">{y}</th>'
        + "".join(_cell(column[i], measure.kind) for column in columns)
        + "</tr>"
        for i, y in enumerate(years)
    )
    table = _table(title, head, body)
    return _figure(svg, table, title, alt=f"Line chart. {title}. {description}", for_pdf=pdf)


def _compare_figure(chapter: Chapter, view: SectionView, n: str, pdf: bool) -> str:
    rows = [r for r in view.rows if r.measure.code in view.section.compare_chart]
    if not rows:
        return ""
    names = _headers(chapter)[:3]
    series = [
        charts.Series(names[0], [r.authority.value for r in rows]),
        charts.Series(names[1], [r.region.value for r in rows]),
        charts.Series(names[2], [r.england.value for r in rows]),
    ]
    labels = [r.measure.label for r in rows]
    title = f"{view.section.title}, {chapter.year}: {chapter.la}, {names[1]} and England"
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{s.name} {narrative.number(s.values[i], Kind.PERCENT)}%" for s in series)
        for i, label in enumerate(labels)
    )
    svg = charts.bar_chart(
        ident=n, title=title, description=description, labels=labels, series=series
    )
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in ["Measure", *names])
    body = "".join(
        f'<tr><th scope="row">{escape(r.measure.label)}</th>'
        + "".join(_cell(f, r.measure.kind) for f in (r.authority, r.region, r.england))
        + "</tr>"
        for r in rows
    )
    table = _table(title, head, body)
    return _figure(svg, table, title, alt=f"Bar chart. {title}. {description}", for_pdf=pdf)


def _section(chapter: Chapter, view: SectionView, index: int, *, for_pdf: bool) -> str:
    section = view.section
    parts = [f'<h3 id="jsna-{section.key}">{escape(section.title)}</h3>']
    if section.note:
        parts.append(f'<p class="jsna-note">{escape(section.note)}</p>')
    parts += [f"<p>{escape(s)}</p>" for s in view.sentences]
    if section.key == "age" and chapter.local is not None and chapter.local.ages:
        parts.append(_ages(chapter, chapter.local))
    if not view.rows and section.measures:
        parts.append(
            f"<p>No figures for {escape(chapter.la)} are published for {chapter.year}.</p>"
        )
        return "\n".join(parts)
    if view.rows:
        parts.append(_comparison_table(chapter, view))
    for i, (code, rows) in enumerate(view.trends.items()):
        if rows:
            parts.append(_trend_figure(chapter, code, rows, f"jsna-c{index}-{i}", for_pdf))
    parts.append(_compare_figure(chapter, view, f"jsna-b{index}", for_pdf))
    return "\n".join(p for p in parts if p)


def _ages(chapter: Chapter, local: LocalFigures) -> str:
    body = "".join(
        f'<tr><th scope="row">{escape(a.band)}</th><td>{escape(a.count_shown)}</td>'
        f"<td>{escape(a.percent_shown)}{'%' if a.percent.value is not None else ''}</td></tr>"
        for a in local.ages
    )
    caption = f"Children in care by age, from {chapter.la}'s own data ({local.year})"
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>"
        f'<th scope="col">Age</th><th scope="col">Children</th><th scope="col">Share</th>'
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def _local(chapter: Chapter, local: LocalFigures) -> str:
    body = []
    for row in local.rows:
        latest = "-"
        if row.lait_measure:
            try:
                found = chapter.row(row.lait_measure).authority
            except KeyError:
                found = None
            if found is not None and found.value is not None:
                kind = MEASURES[row.lait_measure].kind
                latest = f"{narrative.number(found.value, kind)} ({found.year})"
        suffix = "%" if row.unit == "percent" and row.figure.value is not None else ""
        body.append(
            f'<tr><th scope="row">{escape(row.title)}</th><td>{escape(row.shown)}{suffix}</td>'
            f"<td>{escape(latest)}</td></tr>"
        )
    caption = f"Current figures from {chapter.la}'s own data ({local.year})"
    return (
        f'<h3 id="jsna-current">Current figures</h3>'
        f'<p class="jsna-note">From the council\'s own child-level records, made safe to '
        f"publish: counts of 1 to 5 and figures that would reveal them are shown as c.</p>"
        f"<table><caption>{escape(caption)}</caption><thead><tr>"
        f'<th scope="col">Measure</th><th scope="col">Now</th>'
        f'<th scope="col">Last published</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def html_document(chapter: Chapter, *, for_pdf: bool = False) -> str:
    """A whole page around the section (title, language), as the PDF prints it."""
    title = f"Children in care: {chapter.la}, {chapter.year} (JSNA)"
    page = ""
    if for_pdf:
        # On A4 the chart and its table always sit side by side.
        page = (
            "@page { size: A4; margin: 16mm 14mm; }"
            " body .jsna-pair { display: block; }"
            " body .jsna-pair::after { content: ''; display: block; clear: both; }"
            " body .jsna-chart { float: left; width: 52%; min-width: 0; }"
            " body .jsna-pair table { float: right; width: 45%; }"
            " body .jsna-pair th, body .jsna-pair td { padding: 0.2em 0.2em; }"
        )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{page}</style></head><body>"
        f"{render_html(chapter, for_pdf=for_pdf)}</body></html>"
    )
