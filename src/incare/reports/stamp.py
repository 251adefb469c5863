"""The reproducibility stamp and the data-quality note of a pack.

Stamp: when the data were imported, which strategy definition (its git commit when it is
under version control, and always its SHA-256) and which incare (version and code commit),
so a pack can be built again from the same inputs. Data quality: the latest import and the
DfE validation rules run on it (``ImportRun``), the children affected through disclosure
control.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from django.utils import timezone

import incare
from incare.reports.content import DataQuality, Stamp
from incare.reports.shown import show
from incare.returns.models import ImportRun
from incare.returns.queries import latest_import
from incare.strategies.models import Strategy
from incare.strategies.rag import Observation, long_date

PACKAGE_DIR = Path(incare.__file__).resolve().parent


def _git(folder: Path, *args: str) -> str | None:
    """Output of a git command in ``folder``, or None (no git, not a checkout, too slow)."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["git", "-C", str(folder), *args],  # noqa: S607 - git from PATH, as a developer runs it
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _when(moment: object) -> str:
    local = timezone.localtime(moment)  # type: ignore[arg-type]
    return f"{long_date(local.date())} {local:%H:%M}"


def definitions_version(strategy: Strategy) -> str:
    """``git 1a2b3c4 (2026-11-20); sha256 9f86d081884c`` or why it cannot be said."""
    loaded = f"loaded {_when(strategy.loaded_at)}"
    path = Path(strategy.definition_file) if strategy.definition_file else None
    if path is None or not path.is_file():
        return f"definition file not found; {loaded}"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    parts = []
    commit = _git(path.parent, "log", "-1", "--format=%h (%cs)", "--", path.name)
    if commit:
        dirty = _git(path.parent, "status", "--porcelain", "--", path.name)
        parts.append(f"git {commit}{', with uncommitted changes' if dirty else ''}")
    parts += [f"sha256 {digest}", loaded]
    return "; ".join(parts)


def build_stamp(strategy: Strategy, run: ImportRun | None) -> Stamp:
    commit = _git(PACKAGE_DIR, "rev-parse", "--short", "HEAD")
    return Stamp(
        built_at=_when(timezone.now()),
        data_imported_at=_when(run.finished_at) if run else "no data imported",
        definition_file=strategy.definition_file or "(not recorded)",
        definitions_version=definitions_version(strategy),
        incare_version=incare.__version__,
        code_version=f"git {commit}" if commit else "not a git checkout",
    )


def latest_run(strategy: Strategy) -> ImportRun | None:
    return latest_import(strategy.local_authority)


def _count(value: int | None) -> str | None:
    if value is None:
        return None
    return show(Observation(timezone.localdate(), float(value)), unit="count").text


def data_quality(run: ImportRun | None) -> DataQuality:
    """What the latest import says about the data's quality. Older runs (or a database
    from before validation was kept on ImportRun) have no validation fields: then say so."""
    if run is None:
        return DataQuality(None, "", None, None, None, None, ["No data has been imported."])
    years = ", ".join(str(y) for y in run.years) if run.years else ""
    span = f"{run.years[0]} to {run.years[-1]}" if run.years else "none"
    lines = [f"Data imported {_when(run.finished_at)}: collection years {span}."]
    year = getattr(run, "validation_year", None)
    rules = getattr(run, "validation_rules_run", None)
    failing = getattr(run, "validation_errors", None)
    children = getattr(run, "validation_children", None)
    note = (getattr(run, "validation", None) or {}).get("note")
    shown_children = _count(children)
    if year is None:
        lines.append(
            "The DfE validation rules were not run on this import" + (f": {note}" if note else ".")
        )
    else:
        financial = f"{year - 1}/{year % 100:02d}"
        lines.append(
            f"The {financial} return was checked against {rules or 0} DfE validation rules: "
            f"{_count(failing) or 0} rows failed, for {shown_children or 0} children."
        )
        if failing:
            lines.append(
                "Figures involving these children may change when the errors are corrected."
            )
    return DataQuality(
        imported_at=_when(run.finished_at),
        years=years,
        validation_year=str(year) if year is not None else None,
        rules_run=str(rules) if rules is not None else None,
        rows_failing=_count(failing),
        children_affected=shown_children,
        lines=lines,
    )
