"""Reading an SSD extract folder or a CSV template into record rows, checked, before any write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from incare.children.models import Child, LocalAuthority
from incare.records import ssd
from incare.records.kinds import template_columns, template_map
from incare.records.models import ChildRecord
from incare.records.reading import CellError, RecordsError, Row, normalise, parse_date, read_rows
from incare.records.rows import FileMap, Values, build_rows
from incare.ssda903.errors import Problem


@dataclass
class Extract:
    """What an SSD folder holds for the authority: rows per model, and what was skipped."""

    rows: dict[type[ChildRecord], list[Values]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    """Table -> rows about people not in the 903 data (whole-caseload tables only)."""
    files: list[str] = field(default_factory=list)


def _children(local_authority: LocalAuthority) -> tuple[dict[str, int], dict[str, date]]:
    rows = Child.objects.filter(local_authority=local_authority).values_list(
        "child_id", "id", "dob"
    )
    return {c: pk for c, pk, _ in rows}, {c: dob for c, _, dob in rows}


def read_template(
    path: Path, model: type[ChildRecord], *, local_authority: LocalAuthority
) -> list[Values]:
    """The rows of a CSV template of ``model``; raises `RecordsError` with every problem."""
    problems: list[Problem] = []
    if not path.is_file():
        raise RecordsError([Problem.whole(str(path), "is not a file", expected="a CSV file")])
    file_map = template_map(model)
    children, _ = _children(local_authority)
    rows = read_rows(path, required=template_columns(model), problems=problems)
    values = build_rows(
        rows,
        file_map,
        file=path.name,
        children=children,
        authority=str(local_authority),
        problems=problems,
    )
    if problems:
        raise RecordsError(problems)
    return values


def read_extract(folder: Path, *, local_authority: LocalAuthority) -> Extract:
    """Every SSD table in ``folder`` that incare reads, matched to the authority's children.

    Raises `RecordsError` with every problem found in every file; nothing is returned
    (so nothing is written) unless all of it reads.
    """
    if not folder.is_dir():
        expected = "a folder of SSD tables as CSV files (ssd_person.csv, ...)"
        raise RecordsError([Problem.whole(str(folder), "is not a folder", expected=expected)])
    files = {normalise(p.stem): p for p in sorted(folder.glob("*.csv"))}
    problems: list[Problem] = []
    if ssd.PERSON not in files:
        expected = "an ssd_person.csv naming the children the other tables refer to"
        raise RecordsError([Problem.whole(folder.name, "has no ssd_person.csv", expected=expected)])
    children, dobs = _children(local_authority)
    authority = str(local_authority)
    extract = Extract(files=[ssd.file_of(t) for t in files if _known(t)])
    people = _people(files[ssd.PERSON], children, dobs, authority, extract, problems)
    periods = _link_tables(files, children, people, authority, problems)
    _reviews(files, periods, problems)
    for table, file_map in ssd.RECORD_TABLES.items():
        if table not in files:
            continue
        rows = _rows(files[table], table, file_map, children, people, extract, problems)
        extract.rows[file_map.model] = build_rows(
            rows,
            file_map,
            file=ssd.file_of(table),
            children=children,
            authority=authority,
            problems=problems,
        )
    if problems:
        raise RecordsError(problems)
    return extract


def _known(table: str) -> bool:
    names = {ssd.PERSON, ssd.REVIEWS, *(t.name for t in ssd.LINK_TABLES), *ssd.RECORD_TABLES}
    return table in names


def _not_in_person_file(file: str, row: Row, column: str) -> Problem:
    return Problem(
        file,
        row.line,
        column,
        row.cells.get(column, ""),
        "a person listed in ssd_person.csv",
        "is not in ssd_person.csv",
    )


def _people(
    path: Path,
    children: dict[str, int],
    dobs: dict[str, date],
    authority: str,
    extract: Extract,
    problems: list[Problem],
) -> set[str]:
    """The person ids of the extract that are the authority's children; DOBs must agree."""
    table = ssd.PERSON_TABLE
    people: set[str] = set()
    skipped = 0
    for row in read_rows(path, required=table.required, problems=problems):
        person = row.cells.get(table.person, "").strip()
        if person not in children:
            skipped += 1
            continue
        people.add(person)
        raw = row.cells.get("pers_dob", "")
        try:
            dob = parse_date(raw) if raw.strip() else None
        except CellError as exc:
            problems.append(Problem(path.name, row.line, "pers_dob", raw, str(exc)))
            continue
        if dob is not None and dob != dobs[person]:
            expected = f"{dobs[person]:%d/%m/%Y}, the date of birth in {authority}'s 903 data"
            problems.append(Problem(path.name, row.line, "pers_dob", raw, expected, "differs"))
    if skipped:
        extract.skipped[ssd.PERSON] = skipped
    return people


def _link_tables(
    files: dict[str, Path],
    children: dict[str, int],
    people: set[str],
    authority: str,
    problems: list[Problem],
) -> set[str]:
    """Check the episode and placement tables name known children; the CLA ids seen."""
    periods: set[str] = set()
    for table in ssd.LINK_TABLES:
        if table.name not in files:
            continue
        file = ssd.file_of(table.name)
        for row in read_rows(files[table.name], required=table.required, problems=problems):
            person = row.cells.get(table.person, "").strip()
            if person not in children:
                issue = "is not a child in the 903 data" if person else "is blank"
                expected = f"the 903 child id (CHILD) of one of {authority}'s children looked after"
                problems.append(
                    Problem(file, row.line, table.person, person or None, expected, issue)
                )
            elif person not in people:
                problems.append(_not_in_person_file(file, row, table.person))
            if table.name == "ssd_cla_episodes":
                periods.add(row.cells.get("clae_cla_id", "").strip())
    return periods


def _reviews(files: dict[str, Path], periods: set[str], problems: list[Problem]) -> None:
    """Reviews name a period of care (``clar_cla_id``) that the episodes must hold."""
    if ssd.REVIEWS not in files:
        return
    if "ssd_cla_episodes" not in files:
        expected = "ssd_cla_episodes.csv, which links reviews to children"
        problems.append(
            Problem.whole(ssd.file_of(ssd.REVIEWS), "came without episodes", expected=expected)
        )
        return
    file = ssd.file_of(ssd.REVIEWS)
    for row in read_rows(
        files[ssd.REVIEWS], required=("clar_cla_id", "clar_cla_review_date"), problems=problems
    ):
        cla = row.cells.get("clar_cla_id", "").strip()
        if cla not in periods:
            expected = "a clae_cla_id of ssd_cla_episodes.csv"
            problems.append(
                Problem(
                    file,
                    row.line,
                    "clar_cla_id",
                    cla or None,
                    expected,
                    "is not a known period of care",
                )
            )


def _rows(
    path: Path,
    table: str,
    file_map: FileMap,
    children: dict[str, int],
    people: set[str],
    extract: Extract,
    problems: list[Problem],
) -> Iterable[Row]:
    required = (file_map.child_column, *file_map.columns)
    rows = list(read_rows(path, required=required, problems=problems))
    if table in ssd.WHOLE_CASELOAD:
        kept = [r for r in rows if r.cells.get(file_map.child_column, "").strip() in children]
        if len(kept) < len(rows):
            extract.skipped[table] = len(rows) - len(kept)
        rows = kept
    for row in rows:
        person = row.cells.get(file_map.child_column, "").strip()
        if person in children and person not in people:
            problems.append(_not_in_person_file(ssd.file_of(table), row, file_map.child_column))
    return rows
