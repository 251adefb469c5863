"""The models hold the 903 specification: every column a field, every key a constraint."""

from __future__ import annotations

import pytest
from django.db import models

from incare.children.tables import CHILD_COLUMN, field_name, table_maps
from incare.ssda903.spec import load_spec

FIELD_TYPES = {
    "id": models.CharField,
    "text": models.CharField,
    "code": models.CharField,
    "date": models.DateField,
    "flag": models.SmallIntegerField,
    "integer": models.SmallIntegerField,
}

TABLES = list(table_maps().values())


def test_every_spec_table_has_a_model() -> None:
    assert set(table_maps()) == set(load_spec().tables)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_column_has_a_field_of_its_type(table) -> None:  # type: ignore[no-untyped-def]
    for column in table.spec.columns:
        if column.name == CHILD_COLUMN:
            continue
        field = table.model._meta.get_field(field_name(column.name))
        assert isinstance(field, FIELD_TYPES[column.type]), column.name
        assert field.verbose_name != field.name.replace("_", " "), f"{column.name} needs a name"
        # Required dates may not be null; optional ones may (blank text is "", never null).
        if column.type == "date":
            assert field.null is not column.required, column.name


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_the_natural_key_is_a_unique_constraint(table) -> None:  # type: ignore[no-untyped-def]
    owner = "local_authority" if table.name == "header" else "child"
    ident = ("child_id",) if table.name == "header" else ()
    expected = (owner, *ident, *table.key_fields)
    unique = [
        tuple(c.fields)
        for c in table.model._meta.constraints
        if isinstance(c, models.UniqueConstraint)
    ]
    assert expected in unique


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_row_says_its_collection_year(table) -> None:  # type: ignore[no-untyped-def]
    assert table.model._meta.get_field("collection_year").db_index
