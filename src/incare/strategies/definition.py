"""Strategy definition files (docs/strategy-definitions.md): read, check, return dataclasses.

Pure Python, no Django: :func:`read_definition` parses a YAML file keeping line numbers and
checks everything it can without a database (keys, refs, dates, comparators, target shapes,
indicator ids against the engine's registry, local measure ids against the catalogue, the
``measure`` links of differences). Every problem names the file and line, what was wrong and
what was expected; all problems are collected before :class:`DefinitionError` is raised, so
a transcriber fixes them in one pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml

from incare.indicators.result import INDICATORS
from incare.strategies.catalogue import LocalMeasure, local_measures
from incare.strategies.yamlnodes import (
    DefinitionError,
    Problem,
    compose,
    line_of,
    scalar_value,
)

__all__ = [
    "COMPARATORS",
    "Action",
    "Baseline",
    "DefinitionError",
    "Difference",
    "Measure",
    "Monitoring",
    "Outcome",
    "Pledge",
    "Problem",
    "RagRule",
    "StrategyDefinition",
    "Target",
    "check_text",
    "read_definition",
]

COMPARATORS = (
    "at_least",
    "at_most",
    "equal",
    "reduce_by",
    "increase_by",
    "increase_year_on_year",
    "decrease_year_on_year",
    "better_than_england",
)
NEEDS_VALUE = {"at_least", "at_most", "equal", "reduce_by", "increase_by"}
NEEDS_BASELINE = {"reduce_by", "increase_by"}
UNITS = ("percent", "count", "rate", "days", "mean", "yes_no")
BASES = ("level", "trend")
POLARITIES = ("higher_is_better", "lower_is_better")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ONS_CODE = re.compile(r"^[EW]\d{8}$")


# --- the definition, as dataclasses --------------------------------------------------------


@dataclass(frozen=True)
class Target:
    comparator: str
    value: float | None = None
    by: date | None = None
    unit: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "comparator": self.comparator,
            "value": self.value,
            "by": self.by.isoformat() if self.by else None,
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Baseline:
    """What a change is measured from. ``value`` None: the measure's own figure at ``as_at``
    (the scorecard computes it from the data), for documents that give no number."""

    value: float | None
    as_at: date | None = None


@dataclass(frozen=True)
class RagRule:
    """The RAG rule as written; ``None`` means "use the default" (see incare.strategies.rag)."""

    tolerance: float | None = None
    basis: str = "level"
    minimum_cohort: int | None = None
    polarity: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "tolerance": self.tolerance,
            "basis": self.basis,
            "minimum_cohort": self.minimum_cohort,
            "polarity": self.polarity,
        }


@dataclass(frozen=True)
class Measure:
    """A success measure: ``text`` exactly as written, and how (if at all) it is measured."""

    ref: str
    text: str
    line: int
    indicator: str | None = None
    local: str | None = None
    targets: tuple[Target, ...] = ()
    baseline: Baseline | None = None
    deadline: date | None = None
    rag: RagRule = field(default_factory=RagRule)
    note: str | None = None

    @property
    def measurable(self) -> bool:
        return self.indicator is not None or self.local is not None


@dataclass(frozen=True)
class Difference:
    """A "what difference will we make?" statement, tracked by an action-plan measure
    (``measure``, a ref) or by its own inline measure fields (``own_measure``)."""

    ref: str
    text: str
    line: int
    measure: str | None = None
    own_measure: Measure | None = None
    note: str | None = None


@dataclass(frozen=True)
class Action:
    ref: str
    activity: str
    lead: str
    timescale: str | None
    """As written; None where the strategy gives none (Herefordshire's plan has no column)."""
    line: int
    measures: tuple[Measure, ...]
    how: str | None = None
    source_ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Outcome:
    number: str
    title: str
    line: int
    why_it_matters: str = ""
    differences: tuple[Difference, ...] = ()
    actions: tuple[Action, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Monitoring:
    body: str
    cadence: str | None
    """None where the strategy names the body but not how often it looks."""
    text: str


@dataclass(frozen=True)
class Pledge:
    ref: str
    text: str


@dataclass(frozen=True)
class StrategyDefinition:
    id: str
    la_code: str
    la_name: str
    title: str
    period_start: date
    period_end: date
    source: str
    file: str
    monitoring: tuple[Monitoring, ...] = ()
    pledge: tuple[Pledge, ...] = ()
    outcomes: tuple[Outcome, ...] = ()

    @property
    def actions(self) -> Iterator[Action]:
        for outcome in self.outcomes:
            yield from outcome.actions

    @property
    def measures(self) -> Iterator[Measure]:
        """Every success measure: the action plan's, then differences' own, in file order."""
        for action in self.actions:
            yield from action.measures
        for outcome in self.outcomes:
            for difference in outcome.differences:
                if difference.own_measure is not None:
                    yield difference.own_measure


# --- reading -------------------------------------------------------------------------------

T = TypeVar("T")
Fields = dict[str, yaml.Node]


@dataclass
class _Reader:
    """Collects problems while walking the node tree."""

    file: str
    catalogue: Mapping[str, LocalMeasure]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, node: yaml.Node | None, message: str, expected: str = "") -> None:
        line = line_of(node) if node is not None else None
        self.problems.append(Problem(self.file, line, message, expected))

    # Shapes ----------------------------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        *,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> Fields | None:
        """The keys of a mapping node; reports unknown, duplicate and missing keys."""
        required = tuple(required)
        known = (*required, *optional)
        what = f"{what} {_name_of(node)}".rstrip()
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} is not a mapping", f"keys: {', '.join(required)}")
            return None
        found: Fields = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, f"{what} has a key that is not a name", "a key name")
                continue
            if key in found:
                self.problem(key_node, f"{what} has {key!r} twice", "each key once")
                continue
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problem(
                    key_node,
                    f"{what} has an unknown key {key!r}{hint}",
                    f"one of {', '.join(known)}",
                )
                continue
            found[key] = value_node
        missing = [k for k in required if k not in found]
        if missing:
            self.problem(
                node, f"{what} lacks {', '.join(repr(k) for k in missing)}", "every required key"
            )
        return found

    def sequence(self, node: yaml.Node, *, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and scalar_value(node) is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} is not a list", "a list (lines starting with '- ')")
            return []
        return list(node.value)

    # Scalars ---------------------------------------------------------------------------

    def text(self, fields: Fields, key: str, *, what: str, optional: bool = False) -> str | None:
        """Text kept as written: a scalar's own characters (so ``2008`` stays "2008")."""
        node = fields.get(key)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} {key} is not text", "text")
            return None
        value = scalar_value(node)
        if value is None or (isinstance(value, str) and not value.strip()):
            if not optional:
                self.problem(node, f"{what} {key} is empty", "the text as written")
            return None
        if isinstance(value, date):
            # A date typed as text is kept as written, e.g. a timescale "2019-04-01".
            return str(node.value)
        return str(value) if not isinstance(value, str) else value

    def date(self, fields: Fields, key: str, *, what: str) -> date | None:
        node = fields.get(key)
        if node is None:
            return None
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else node
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        shown = node.value if isinstance(node, yaml.ScalarNode) else "a structure"
        self.problem(node, f"{what} {key} {shown!r} is not a date", "a date like 2018-04-01")
        return None

    def number(
        self, fields: Fields, key: str, *, what: str, minimum: float | None = None
    ) -> float | None:
        node = fields.get(key)
        if node is None:
            return None
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            shown = node.value if isinstance(node, yaml.ScalarNode) else "a structure"
            self.problem(node, f"{what} {key} {shown!r} is not a number", "a number like 95")
            return None
        if minimum is not None and value < minimum:
            self.problem(node, f"{what} {key} is {value}", f"at least {minimum:g}")
            return None
        return float(value)

    def choice(self, fields: Fields, key: str, choices: Iterable[str], *, what: str) -> str | None:
        choices = tuple(choices)
        node = fields.get(key)
        if node is None:
            return None
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if value not in choices:
            shown = node.value if isinstance(node, yaml.ScalarNode) else "a structure"
            close = difflib.get_close_matches(str(shown), choices, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.problem(
                node, f"{what} {key} {shown!r} is not allowed{hint}", f"one of {', '.join(choices)}"
            )
            return None
        return str(value)

    def ref(self, fields: Fields, key: str, *, what: str) -> str | None:
        """A ref: text or a number (``1.1`` unquoted is the float 1.1; kept as written)."""
        node = fields.get(key)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.problem(node, f"{what} {key} is empty or not text", 'a ref like "1.1.a"')
            return None
        return str(node.value).strip()

    def each(
        self, node: yaml.Node | None, *, what: str, read: Callable[[yaml.Node], T | None]
    ) -> tuple[T, ...]:
        if node is None:
            return ()
        return tuple(r for item in self.sequence(node, what=what) if (r := read(item)) is not None)


def _has_key(node: yaml.Node, key: str) -> bool:
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == key for k, _ in node.value
    )


def _name_of(node: yaml.Node) -> str:
    """The ref (or number) of a mapping, so messages say which entry lacks a key."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            named = isinstance(key, yaml.ScalarNode) and key.value in ("ref", "number")
            if named and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return ""


MEASURE_FIELDS = ("indicator", "local", "target", "baseline", "deadline", "rag", "note")


def read_definition(path: Path) -> StrategyDefinition:
    """Read and check a definition file; :class:`DefinitionError` lists every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DefinitionError(
            [Problem(str(path), None, f"cannot be read: {error}", "a UTF-8 text file")]
        ) from None
    return check_text(text, file=str(path))


def check_text(
    text: str, *, file: str, catalogue: Mapping[str, LocalMeasure] | None = None
) -> StrategyDefinition:
    """Check the YAML ``text`` of a definition (``file`` names it in messages)."""
    root = compose(text, file=file)
    reader = _Reader(file, local_measures() if catalogue is None else catalogue)
    if root is None:
        raise DefinitionError([Problem(file, None, "the file is empty", "a strategy definition")])
    definition = _strategy(reader, root)
    if definition is not None:
        _check_refs(reader, definition)
    if reader.problems or definition is None:
        problems = sorted(reader.problems, key=lambda p: p.line or 0)
        raise DefinitionError(problems)
    return definition


def _strategy(r: _Reader, root: yaml.Node) -> StrategyDefinition | None:
    fields = r.mapping(
        root,
        what="the strategy",
        required=("id", "la_code", "la_name", "title", "period", "source", "outcomes"),
        optional=("monitoring", "pledge"),
    )
    if fields is None:
        return None
    what = "the strategy"
    strategy_id = r.text(fields, "id", what=what)
    if strategy_id is not None and not ID_PATTERN.match(strategy_id):
        r.problem(
            fields["id"],
            f"the strategy id {strategy_id!r} is not allowed",
            "lowercase letters, digits and hyphens, e.g. warrington-2018-21",
        )
    la_code = r.text(fields, "la_code", what=what)
    if la_code is not None and not ONS_CODE.match(la_code):
        r.problem(
            fields["la_code"],
            f"la_code {la_code!r} is not an ONS authority code",
            "an ONS code like E06000007",
        )
    start, end = _period(r, fields.get("period"))
    outcomes = r.each(fields.get("outcomes"), what="outcomes", read=lambda n: _outcome(r, n))
    if "outcomes" in fields and not outcomes and not r.problems:
        r.problem(fields["outcomes"], "the strategy has no outcomes", "at least one outcome")
    definition = StrategyDefinition(
        id=strategy_id or "",
        la_code=la_code or "",
        la_name=r.text(fields, "la_name", what=what) or "",
        title=r.text(fields, "title", what=what) or "",
        period_start=start or date.min,
        period_end=end or date.max,
        source=r.text(fields, "source", what=what) or "",
        file=r.file,
        monitoring=r.each(
            fields.get("monitoring"), what="monitoring", read=lambda n: _monitoring(r, n)
        ),
        pledge=r.each(fields.get("pledge"), what="pledge", read=lambda n: _pledge(r, n)),
        outcomes=outcomes,
    )
    return definition


def _period(r: _Reader, node: yaml.Node | None) -> tuple[date | None, date | None]:
    if node is None:
        return None, None
    fields = r.mapping(node, what="the period", required=("start", "end"))
    if fields is None:
        return None, None
    start = r.date(fields, "start", what="the period")
    end = r.date(fields, "end", what="the period")
    if start and end and end < start:
        r.problem(node, f"the period ends ({end}) before it starts ({start})", "start <= end")
    return start, end


def _monitoring(r: _Reader, node: yaml.Node) -> Monitoring | None:
    what = "a monitoring entry"
    fields = r.mapping(node, what=what, required=("body", "text"), optional=("cadence",))
    if fields is None:
        return None
    return Monitoring(
        body=r.text(fields, "body", what=what) or "",
        cadence=r.text(fields, "cadence", what=what, optional=True),
        text=r.text(fields, "text", what=what) or "",
    )


def _pledge(r: _Reader, node: yaml.Node) -> Pledge | None:
    fields = r.mapping(node, what="a pledge", required=("ref", "text"))
    if fields is None:
        return None
    return Pledge(
        ref=r.ref(fields, "ref", what="a pledge") or "",
        text=r.text(fields, "text", what="a pledge") or "",
    )


def _outcome(r: _Reader, node: yaml.Node) -> Outcome | None:
    fields = r.mapping(
        node,
        what="an outcome",
        required=("number", "title"),
        optional=("why_it_matters", "differences", "actions", "note"),
    )
    if fields is None:
        return None
    number = r.ref(fields, "number", what="an outcome") or ""
    what = f"outcome {number}"
    return Outcome(
        number=number,
        title=r.text(fields, "title", what=what) or "",
        line=line_of(node),
        why_it_matters=r.text(fields, "why_it_matters", what=what, optional=True) or "",
        differences=r.each(
            fields.get("differences"), what=f"{what} differences", read=lambda n: _difference(r, n)
        ),
        actions=r.each(fields.get("actions"), what=f"{what} actions", read=lambda n: _action(r, n)),
        note=r.text(fields, "note", what=what, optional=True),
    )


def _difference(r: _Reader, node: yaml.Node) -> Difference | None:
    fields = r.mapping(
        node,
        what="a difference",
        required=("ref", "text"),
        optional=("measure", *MEASURE_FIELDS),
    )
    if fields is None:
        return None
    ref = r.ref(fields, "ref", what="a difference") or ""
    what = f"difference {ref}"
    text = r.text(fields, "text", what=what) or ""
    linked = r.ref(fields, "measure", what=what)
    inline = [k for k in MEASURE_FIELDS if k in fields and k != "note"]
    if linked is not None and inline:
        r.problem(
            fields["measure"],
            f"{what} names measure {linked!r} and also has its own {', '.join(inline)}",
            "either measure: REF or the measure fields inline, not both",
        )
    own = _measure_fields(r, fields, ref=ref, text=text, line=line_of(node)) if inline else None
    note = None if own is not None else r.text(fields, "note", what=what, optional=True)
    return Difference(
        ref=ref, text=text, line=line_of(node), measure=linked, own_measure=own, note=note
    )


def _action(r: _Reader, node: yaml.Node) -> Action | None:
    fields = r.mapping(
        node,
        what="an action",
        required=("ref", "activity", "lead", "measures"),
        optional=("timescale", "how", "source_ref", "note"),
    )
    if fields is None:
        return None
    ref = r.ref(fields, "ref", what="an action") or ""
    what = f"action {ref}"
    measures = r.each(
        fields.get("measures"), what=f"{what} measures", read=lambda n: _measure(r, n)
    )
    if "measures" in fields and not measures:
        r.problem(fields["measures"], f"{what} has no success measures", "at least one measure")
    return Action(
        ref=ref,
        activity=r.text(fields, "activity", what=what) or "",
        lead=r.text(fields, "lead", what=what) or "",
        timescale=r.text(fields, "timescale", what=what, optional=True),
        line=line_of(node),
        measures=measures,
        how=r.text(fields, "how", what=what, optional=True),
        source_ref=r.text(fields, "source_ref", what=what, optional=True),
        note=r.text(fields, "note", what=what, optional=True),
    )


def _measure(r: _Reader, node: yaml.Node) -> Measure | None:
    fields = r.mapping(node, what="a measure", required=("ref", "text"), optional=MEASURE_FIELDS)
    if fields is None:
        return None
    ref = r.ref(fields, "ref", what="a measure") or ""
    text = r.text(fields, "text", what=f"measure {ref}") or ""
    return _measure_fields(r, fields, ref=ref, text=text, line=line_of(node))


def _measure_fields(r: _Reader, fields: Fields, *, ref: str, text: str, line: int) -> Measure:
    what = f"measure {ref}"
    indicator = _indicator(r, fields, what=what)
    local = _local(r, fields, what=what)
    if indicator is not None and local is not None:
        r.problem(
            fields["local"],
            f"{what} names both indicator {indicator!r} and local measure {local!r}",
            "one of indicator or local",
        )
    baseline = _baseline(r, fields.get("baseline"), what=what)
    targets = _targets(r, fields.get("target"), what=what)
    for target, target_node in targets:
        if target.comparator in NEEDS_BASELINE and baseline is None:
            r.problem(
                target_node,
                f"{what} target {target.comparator} has no baseline to reduce or increase from",
                "baseline: {value: N, as_at: DATE}",
            )
        if target.comparator == "better_than_england" and indicator is None:
            r.problem(
                target_node,
                f"{what} is compared with England but names no indicator",
                "an indicator with a published England figure",
            )
    return Measure(
        ref=ref,
        text=text,
        line=line,
        indicator=indicator,
        local=local,
        targets=tuple(t for t, _ in targets),
        baseline=baseline,
        deadline=r.date(fields, "deadline", what=what),
        rag=_rag(r, fields.get("rag"), what=what),
        note=r.text(fields, "note", what=what, optional=True),
    )


def _indicator(r: _Reader, fields: Fields, *, what: str) -> str | None:
    node = fields.get("indicator")
    if node is None or not isinstance(node, yaml.ScalarNode) or scalar_value(node) is None:
        return None
    name = str(node.value)
    if name not in INDICATORS:
        close = difflib.get_close_matches(name, INDICATORS, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        r.problem(
            node,
            f"{what} names indicator {name!r}, which the engine does not have{hint}",
            "an id from `incare indicators --list`, or null",
        )
        return None
    return name


def _local(r: _Reader, fields: Fields, *, what: str) -> str | None:
    node = fields.get("local")
    if node is None or not isinstance(node, yaml.ScalarNode) or scalar_value(node) is None:
        return None
    name = str(node.value)
    if name not in r.catalogue:
        close = difflib.get_close_matches(name, r.catalogue, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        r.problem(
            node,
            f"{what} names local measure {name!r}, which is not in the catalogue{hint}",
            "an id from src/incare/strategies/data/local_measures.yaml (add one if none fits)",
        )
        return None
    return name


def _targets(r: _Reader, node: yaml.Node | None, *, what: str) -> list[tuple[Target, yaml.Node]]:
    if node is None or (isinstance(node, yaml.ScalarNode) and scalar_value(node) is None):
        return []
    if isinstance(node, yaml.SequenceNode):
        staged = [(t, n) for n in node.value if (t := _target(r, n, what=what)) is not None]
        for target, target_node in staged:
            if target.by is None and not _has_key(target_node, "by"):
                r.problem(
                    target_node,
                    f"{what} has a list of targets, and this one has no 'by' date",
                    "each staged target with by: DATE",
                )
        dates = [t.by for t, _ in staged if t.by is not None]
        if len(set(dates)) != len(dates):
            r.problem(node, f"{what} has two staged targets with the same 'by' date", "one each")
        return sorted(staged, key=lambda pair: pair[0].by or date.max)
    single = _target(r, node, what=what)
    return [] if single is None else [(single, node)]


def _target(r: _Reader, node: yaml.Node, *, what: str) -> Target | None:
    fields = r.mapping(
        node, what=f"{what} target", required=("comparator",), optional=("value", "by", "unit")
    )
    if fields is None:
        return None
    comparator = r.choice(fields, "comparator", COMPARATORS, what=f"{what} target")
    value = r.number(fields, "value", what=f"{what} target")
    if comparator in NEEDS_VALUE and value is None and "value" not in fields:
        r.problem(node, f"{what} target {comparator} has no value", "value: a number")
    if comparator is None:
        return None
    return Target(
        comparator=comparator,
        value=value,
        by=r.date(fields, "by", what=f"{what} target"),
        unit=r.choice(fields, "unit", UNITS, what=f"{what} target"),
    )


def _baseline(r: _Reader, node: yaml.Node | None, *, what: str) -> Baseline | None:
    if node is None:
        return None
    fields = r.mapping(node, what=f"{what} baseline", required=(), optional=("value", "as_at"))
    if fields is None:
        return None
    if not fields:
        r.problem(node, f"{what} baseline is empty", "value: N and/or as_at: DATE")
        return None
    value = r.number(fields, "value", what=f"{what} baseline")
    as_at = r.date(fields, "as_at", what=f"{what} baseline")
    if value is None and as_at is None:
        return None
    return Baseline(value=value, as_at=as_at)


def _rag(r: _Reader, node: yaml.Node | None, *, what: str) -> RagRule:
    if node is None:
        return RagRule()
    fields = r.mapping(
        node,
        what=f"{what} rag",
        required=(),
        optional=("tolerance", "basis", "minimum_cohort", "polarity"),
    )
    if fields is None:
        return RagRule()
    minimum = r.number(fields, "minimum_cohort", what=f"{what} rag", minimum=0)
    if minimum is not None and minimum != int(minimum):
        r.problem(fields["minimum_cohort"], f"{what} minimum_cohort is {minimum}", "a whole number")
    return RagRule(
        tolerance=r.number(fields, "tolerance", what=f"{what} rag", minimum=0),
        basis=r.choice(fields, "basis", BASES, what=f"{what} rag") or "level",
        minimum_cohort=None if minimum is None else int(minimum),
        polarity=r.choice(fields, "polarity", POLARITIES, what=f"{what} rag"),
    )


def _check_refs(r: _Reader, definition: StrategyDefinition) -> None:
    """Refs are unique in the file (per kind) and differences' links point at a measure."""
    _unique(r, [(a.ref, a.line) for a in definition.actions], kind="action")
    measures = [(m.ref, m.line) for m in definition.measures]
    _unique(r, measures, kind="measure")
    _unique(
        r,
        [(d.ref, d.line) for o in definition.outcomes for d in o.differences],
        kind="difference",
    )
    _unique(r, [(o.number, o.line) for o in definition.outcomes], kind="outcome number")
    pledges = [p.ref for p in definition.pledge]
    if len(set(pledges)) != len(pledges):
        r.problems.append(Problem(r.file, None, "two pledges share a ref", "unique pledge refs"))
    known = {ref for ref, _ in measures}
    for outcome in definition.outcomes:
        for difference in outcome.differences:
            if difference.measure is not None and difference.measure not in known:
                close = difflib.get_close_matches(difference.measure, known, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                r.problems.append(
                    Problem(
                        r.file,
                        difference.line,
                        f"difference {difference.ref} links to measure {difference.measure!r}, "
                        f"which no action has{hint}",
                        "the ref of a success measure in this file",
                    )
                )


def _unique(r: _Reader, refs: list[tuple[str, int]], *, kind: str) -> None:
    first: dict[str, int] = {}
    for ref, line in refs:
        if ref in first:
            r.problems.append(
                Problem(
                    r.file,
                    line,
                    f"{kind} ref {ref!r} is used again (first on line {first[ref]})",
                    f"each {kind} ref once in the file",
                )
            )
        else:
            first[ref] = line
