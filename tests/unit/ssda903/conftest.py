"""Tiny 903 returns written as CSV text by hand, so tests see exactly what a council sends.

Children are synthetic ("A1", "B2"...); postcodes and UPNs are left blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest

HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODE_COLUMNS = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


class Rows:
    """Builders for CSV lines of the two mandatory tables."""

    header_columns = HEADER_COLUMNS
    episode_columns = EPISODE_COLUMNS

    @staticmethod
    def child(child: str, *, sex: str = "1", dob: str = "01/06/2012", ethnic: str = "WBRI") -> str:
        return f"{child},{sex},{dob},{ethnic},,,"

    @staticmethod
    def episode(
        child: str,
        decom: str,
        *,
        rne: str = "S",
        ls: str = "C2",
        place: str = "U4",
        dec: str = "",
        rec: str = "",
        reason: str = "",
    ) -> str:
        return f"{child},{decom},{rne},{ls},N1,{place},PR1,{dec},{rec},{reason},,,"

    @staticmethod
    def csv(columns: str, lines: Iterable[str]) -> str:
        return "\r\n".join([columns, *lines]) + "\r\n"


MakeReturn = Callable[..., Path]


@pytest.fixture
def rows() -> type[Rows]:
    return Rows


@pytest.fixture
def make_return(tmp_path: Path) -> MakeReturn:
    """Write ``tmp_path/<folder>`` with header.csv, episodes.csv and any extra files."""

    def make(
        folder: str,
        *,
        children: Iterable[str] = (),
        episodes: Iterable[str] = (),
        files: Mapping[str, str | bytes] | None = None,
    ) -> Path:
        path = tmp_path / folder
        path.mkdir(parents=True, exist_ok=True)
        (path / "header.csv").write_text(Rows.csv(HEADER_COLUMNS, children), encoding="utf-8")
        (path / "episodes.csv").write_text(Rows.csv(EPISODE_COLUMNS, episodes), encoding="utf-8")
        for name, content in (files or {}).items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (path / name).write_bytes(data)
        return path

    return make
