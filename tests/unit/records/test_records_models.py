"""The records' models and the indicator frames agree: every field has a column of its type,
every natural key is the model's unique constraint, every kind has a frame."""

from __future__ import annotations

import polars as pl
import pytest
from django.db import models

from incare.indicators.local import RECORD_SCHEMAS
from incare.records.kinds import value_fields
from incare.records.models import RECORD_MODELS, ChildRecord
from incare.records.ssd import RECORD_TABLES

TYPES: dict[type[models.Field], pl.DataType] = {
    models.DateField: pl.Date(),
    models.BooleanField: pl.Boolean(),
    models.PositiveSmallIntegerField: pl.Int64(),
    models.CharField: pl.String(),
}


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.table)
def test_every_record_kind_has_a_frame_with_its_fields_and_types(model: type[ChildRecord]) -> None:
    expected = {"CHILD": pl.String(), **{f.name: TYPES[type(f)] for f in value_fields(model)}}
    assert dict(RECORD_SCHEMAS[model.table]) == expected


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.table)
def test_the_natural_key_is_the_unique_constraint(model: type[ChildRecord]) -> None:
    constraints = [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    assert [tuple(c.fields) for c in constraints] == [("child", *model.key)]


def test_every_ssd_fed_kind_maps_every_field_from_its_ssd_table() -> None:
    for file_map in RECORD_TABLES.values():
        assert sorted(file_map.columns.values()) == sorted(
            f.name for f in value_fields(file_map.model)
        )
    fed = {m.model for m in RECORD_TABLES.values()}
    assert fed == {m for m in RECORD_MODELS if m.source == "ssd"}
