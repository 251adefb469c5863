"""Care leavers: pathway plans, keeping in touch, and the 903 birthday window (§A9, §A17, §B).

From the council's care leaver records (``incare.records``: the SSD ``ssd_care_leavers``
table), which hold each young person's *latest* pathway plan review and contact, so each
young person has one obligation of each kind, counted from the latest one. Young people who
have died are left out, and so are those 21 or over (to 22 for the 21st birthday window).

- Pathway plan review, eligible, relevant and former relevant young people: at least every
  6 months (Care Leavers (England) Regulations 2010 reg 7; CPPCR 2010 regs 42-44 for eligible
  children). With no review recorded, the first plan is counted as due 3 months after the
  16th birthday (CPPCR reg 42: the needs assessment is completed within 3 months of the 16th
  birthday, and the plan prepared from it).
- Contact, relevant and former relevant young people: at most 2 months apart (the statutory
  guidance, Children Act 1989 Volume 3, *Planning transition to adulthood for care leavers*:
  the personal adviser visits at least every two months; s23C(2): keep in touch). With no
  contact recorded, counted from the day they last left care (903 episodes).
- Birthday window, relevant and former relevant young people: the 903 OC3 return asks for
  the young person's situation around their 17th to 21st birthdays; we take "around" as
  contact from 3 months before to 1 month after the birthday. The window is due by its last
  day. A past window is missed when the latest contact is before it opened (a contact after
  it might hide one inside it, so it is not called missed).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from incare.indicators.building_blocks import age_on, birthday, require_table
from incare.indicators.local.tables import records
from incare.worklists.duedates.calendar import add_months
from incare.worklists.duedates.chain import OBLIGATION_SCHEMA, described
from incare.worklists.duedates.cohorts import births

PATHWAY_PLAN_MONTHS = 6
FIRST_PLAN_MONTHS_AFTER_16 = 3
CONTACT_MONTHS = 2
WINDOW_MONTHS_BEFORE, WINDOW_MONTHS_AFTER = 3, 1
OC3_AGES = (17, 18, 19, 20, 21)
DUTIES_END = 21
"""Pathway plans and keeping in touch are counted to the 21st birthday (Children Act 1989
s23C: the duties to former relevant young people run to 21; to 25 only on request)."""
PATHWAY_PLAN_GROUPS = ("eligible", "relevant", "former_relevant")
LEFT_CARE_GROUPS = ("relevant", "former_relevant")


def _leavers(
    tables: Mapping[str, pl.DataFrame], groups: tuple[str, ...], *, as_at: date, under: int
) -> pl.DataFrame:
    """The care leaver records of ``groups``, alive and (when the birth date is known)
    younger than ``under`` on ``as_at``."""
    return (
        records(tables, "care_leavers")
        .filter(pl.col("eligibility").is_in(groups), pl.col("in_touch").ne_missing("DIED"))
        .with_columns(pl.col("CHILD").cast(pl.String))
        .unique("CHILD", keep="last", maintain_order=True)
        .join(births(tables), on="CHILD", how="left")
        .filter(pl.col("DOB").is_null() | (age_on(pl.col("DOB"), as_at) < under))
    )


def _finish(frame: pl.DataFrame, *, outstanding: pl.Expr | bool = True) -> pl.DataFrame:
    return (
        frame.with_columns(met_on=pl.lit(None, pl.Date), outstanding=outstanding)
        .select(OBLIGATION_SCHEMA.names())
        .cast(OBLIGATION_SCHEMA)
    )


def pathway_plan_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """Each young person's next pathway plan review."""
    reviewed = pl.col("pathway_plan_review_date")
    leavers = _leavers(tables, PATHWAY_PLAN_GROUPS, as_at=as_at, under=DUTIES_END).filter(
        reviewed.is_null() | (reviewed <= as_at)
    )
    sixteen = birthday(pl.col("DOB"), 16)
    due = leavers.with_columns(
        rule=pl.lit("pathway_plan_review"),
        due_date=pl.when(reviewed.is_not_null())
        .then(add_months(reviewed, PATHWAY_PLAN_MONTHS))
        .otherwise(add_months(sixteen, FIRST_PLAN_MONTHS_AFTER_16)),
        basis=pl.when(reviewed.is_not_null())
        .then(described("previous pathway plan review", reviewed))
        .otherwise(described("16th birthday", sixteen)),
    ).filter(pl.col("due_date").is_not_null())
    return _finish(due)


def _left_care(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """``CHILD`` and the last day they left care (903)."""
    episodes = require_table(tables, "episodes")
    return (
        episodes.filter(pl.col("DEC").is_not_null() & pl.col("REC").ne_missing("X1"))
        .group_by(pl.col("CHILD").cast(pl.String))
        .agg(left_care=pl.col("DEC").max())
    )


def contact_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """Each relevant or former relevant young person's next contact."""
    contact = pl.col("latest_contact")
    leavers = (
        _leavers(tables, LEFT_CARE_GROUPS, as_at=as_at, under=DUTIES_END)
        .filter(contact.is_null() | (contact <= as_at))
        .join(_left_care(tables), on="CHILD", how="left")
    )
    due = leavers.with_columns(
        rule=pl.lit("care_leaver_contact"),
        due_date=add_months(pl.coalesce(contact, pl.col("left_care")), CONTACT_MONTHS),
        basis=pl.when(contact.is_not_null())
        .then(described("latest contact", contact))
        .otherwise(described("left care", pl.col("left_care"))),
    ).filter(pl.col("due_date").is_not_null())
    return _finish(due)


def birthday_window_obligations(
    tables: Mapping[str, pl.DataFrame], *, as_at: date, since: date | None = None
) -> pl.DataFrame:
    """The current or next birthday window (17th to 21st), unless contact fell in it; and
    the last window, when missed."""
    contact = pl.col("latest_contact")
    leavers = _leavers(tables, LEFT_CARE_GROUPS, as_at=as_at, under=OC3_AGES[-1] + 1).filter(
        pl.col("DOB").is_not_null()
    )
    ages = pl.DataFrame({"age": list(OC3_AGES)}, schema={"age": pl.Int32()})
    windows = (
        leavers.join(ages, how="cross")
        .with_columns(birthday=birthday(pl.col("DOB"), pl.col("age")))
        .with_columns(
            opens=add_months(pl.col("birthday"), -WINDOW_MONTHS_BEFORE),
            due_date=add_months(pl.col("birthday"), WINDOW_MONTHS_AFTER),
        )
        .with_columns(contact_in_window=contact.is_between(pl.col("opens"), pl.col("due_date")))
    )
    upcoming = (
        windows.filter(pl.col("due_date") >= as_at)
        .sort("CHILD", "age")
        .unique("CHILD", keep="first", maintain_order=True)
        .filter(~pl.col("contact_in_window").fill_null(False))
    )
    missed = (
        windows.filter(pl.col("due_date") < as_at)
        .sort("CHILD", "age")
        .unique("CHILD", keep="last", maintain_order=True)
        .filter(contact.is_null() | (contact < pl.col("opens")))
    )
    label = pl.concat_str(pl.col("age").cast(pl.String), pl.lit("th birthday "))
    basis = pl.concat_str(label, pl.col("birthday").dt.strftime("%Y-%m-%d"))
    upcoming = upcoming.with_columns(rule=pl.lit("care_leaver_birthday_information"), basis=basis)
    missed = missed.with_columns(rule=pl.lit("care_leaver_birthday_information"), basis=basis)
    return pl.concat([_finish(upcoming), _finish(missed, outstanding=False)])
