"""``incare report forum|annual|jsna`` (issue 8 §4): files written, every export audited
(who, what, when), bad arguments answered with a sentence, never a traceback."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from incare.accounts.models import User
from incare.audit import events
from incare.audit.models import AuditEvent
from incare.children.services import do_save_local_authority
from incare.returns.services import do_import_store
from incare.strategies.definition import read_definition
from incare.strategies.services import do_load_strategy
from incare.synth import generate_store

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
STRATEGY = ROOT / "strategies" / "warrington-2021-22.yaml"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store")
    generate_store(out, children=50, years=range(2023, 2026), seed=4, like="Warrington")
    return out


@pytest.fixture
def loaded(store: Path) -> None:
    warrington = do_save_local_authority(code="877", name="Warrington", acting_user=None)
    do_import_store(store, local_authority=warrington, acting_user=None)
    do_load_strategy(read_definition(STRATEGY), acting_user=None)


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=events.REPORT_EXPORTED).order_by("id"))


@pytest.mark.usefixtures("loaded")
def test_the_forum_pack_is_written_and_its_export_audited_with_who_what_when(
    tmp_path: Path, example_user: Callable[[str], User]
) -> None:
    analyst = example_user("analyst")
    out = tmp_path / "forum.xlsx"
    said = report(
        "forum", "--strategy", "warrington-2021-22", "--quarter", "2024Q3",
        "--out", str(out), "--user", "analyst",
    )  # fmt: skip
    assert said.startswith(f"Wrote {out} (XLSX): Corporate Parenting Forum: Quarter 3 2024/25")
    assert "as at 31 December 2024" in said
    assert load_workbook(out)["Summary"]["A1"].value == "Outcome"
    (event,) = exports()
    assert event.acting_user == analyst
    assert event.occurred_at is not None
    assert event.new_value["report"] == "forum"
    assert event.new_value["format"] == "xlsx"
    assert event.new_value["as_at"] == "2024-12-31"
    assert event.new_value["file"] == str(out.resolve())


@pytest.mark.usefixtures("loaded")
def test_the_annual_report_is_written_as_html(tmp_path: Path) -> None:
    out = tmp_path / "annual.html"
    said = report("annual", "--strategy", "warrington-2021-22", "--year", "2024", "--out", str(out))
    assert "Annual report to Council: 2023/24" in said
    page = out.read_text(encoding="utf-8")
    assert "<h1>Annual report to Council: 2023/24 (1 April 2023 to 31 March 2024)</h1>" in page
    assert exports()[-1].new_value["report"] == "annual"
    assert exports()[-1].acting_user is None, "no --user: a command-line job"


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["forum", "--strategy", "nope", "--quarter", "2024Q3"], "no strategy 'nope'"),
        (["forum", "--strategy", "warrington-2021-22", "--quarter", "2024Q5"], "like 2024Q3"),
        (["annual", "--strategy", "warrington-2021-22", "--year", "24"], "like 2024"),
        (["jsna", "--la", "Warington", "--year", "2018"], "did you mean Warrington"),
        (["jsna", "--la", "Warrington", "--year", "2018"], r"give --out .* or --format json"),
    ],
)
def test_bad_arguments_are_a_sentence_and_nothing_is_written(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "pack.pdf"
    extra = ["--out", str(out)] if args[0] != "jsna" or "Warington" in args else []
    if args[0] == "jsna" and "Warington" in args:
        extra = ["--format", "json"]
    with pytest.raises(CommandError, match=message):
        report(*args, *extra)
    assert not out.exists()
    assert exports() == []


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(
    ("out", "message"),
    [("pack.doc", "must end .pdf, .html or .xlsx"), ("missing/pack.pdf", "does not exist")],
)
def test_an_output_we_cannot_write_is_refused_before_building(
    tmp_path: Path, out: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        report(
            "forum", "--strategy", "warrington-2021-22", "--quarter", "2024Q3",
            "--out", str(tmp_path / out),
        )  # fmt: skip
    assert exports() == []


def test_jsna_json_gives_warringtons_published_2018_figures() -> None:
    """The seed JSNA's figures (issue 8 §3): 401 children, 90 per 10,000, England 64,
    North West 91. No Warrington data is held here, so every figure is published."""
    document = json.loads(
        report("jsna", "--la", "Warrington", "--year", "2018", "--format", "json")
    )
    assert (document["la"], document["year"]) == ("Warrington", 2018)
    found = {(f["measure"], f["area"], f["year"]): f["value"] for f in document["figures"]}
    assert found[("LACnum", "Warrington", 2018)] == 401
    rates = [found[("LAC", area, 2018)] for area in ("Warrington", "England", "North West")]
    assert rates == [90, 64, 91]  # LAIT's "LAC": rate per 10,000 children aged 0-17
    (event,) = exports()
    assert event.new_value == {
        "report": "jsna", "la": "Warrington", "year": 2018, "format": "json", "file": None,
        "local_figures": False,
    }  # fmt: skip


def test_jsna_chapter_is_written_as_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "jsna.pdf"
    said = report("jsna", "--la", "E06000007", "--year", "2018", "--out", str(out))
    assert said.startswith(f"Wrote {out} (PDF): JSNA children in care chapter, Warrington")
    assert out.read_bytes().startswith(b"%PDF-")
    assert exports()[-1].new_value["format"] == "pdf"


@pytest.mark.usefixtures("loaded")
def test_jsna_adds_the_authoritys_own_figures_when_its_data_is_held() -> None:
    document = json.loads(
        report("jsna", "--la", "Warrington", "--year", "2025", "--format", "json")
    )
    # The authority's own figures are listed apart: "figures" holds the published ones only.
    local = document["local_figures"]
    assert local
    assert all(f["source"] == "local" for f in local)
    assert any(f["measure"] == "LACnum" for f in local)
    assert all(f.get("source", "published") == "published" for f in document["figures"])
    assert exports()[-1].new_value["local_figures"] is True


def test_jsna_chapter_as_html_is_a_whole_page(tmp_path: Path) -> None:
    out = tmp_path / "jsna.html"
    report("jsna", "--la", "Warrington", "--year", "2018", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>" in page
    assert "Warrington" in page
