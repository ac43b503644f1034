"""The field descriptions read from the annotation strings agree with ``typing.get_type_hints``."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from dxplanner import codec
from dxplanner.model import COLLECTIONS, PLAN_FIELDS, Municipality, Plan, ReviewItem

CLASSES = [*COLLECTIONS.values(), Municipality, ReviewItem]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_fast_specs_match_type_hints(cls):
    hints = typing.get_type_hints(cls)
    for spec in codec.specs(cls):
        assert (spec.kind, spec.optional) == codec._kind_of(hints[spec.name]), (cls.__name__, spec.name)
    assert [s.name for s in codec.specs(cls)] == [f.name for f in dataclasses.fields(cls)]


def test_plan_fields_and_unknown_annotations_fall_back():
    names = [s.name for s in codec.specs(Plan, PLAN_FIELDS)]
    assert names == [f.name for f in dataclasses.fields(Plan) if f.name in PLAN_FIELDS]
    assert codec._kind_of_annotation("dict[str | None, list[str]]") is None
    assert codec._kind_of_annotation(int) is None
    assert codec._kind_of_annotation("datetime.date | None") == ("date", True)


def test_every_model_annotation_is_read_without_evaluation():
    """Guards the start-up saving: a new field spelled differently would quietly be slow again."""
    for cls in CLASSES:
        for f in dataclasses.fields(cls):
            assert codec._kind_of_annotation(f.type) is not None, (cls.__name__, f.name, f.type)
