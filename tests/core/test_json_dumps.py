"""archdocs' JSON writer gives the bytes of ``json.dumps(data, indent=2, sort_keys=True,
ensure_ascii=False)`` (plus a newline) for any data, faster; what it cannot write, json raises."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.model import ImportKind
from archdocs.render.json_ import dumps

scalars = (st.none() | st.booleans() | st.integers() | st.integers(-10**40, 10**40)
           | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(ImportKind)
           | st.text(st.characters(codec=None, exclude_categories=())))
keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda children: (st.lists(children, max_size=5) | st.lists(children, max_size=5).map(tuple)
                      | st.dictionaries(st.text(), children, max_size=5)
                      | st.dictionaries(keys, children, max_size=3)),
    max_leaves=40)


def reference(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@settings(max_examples=400, deadline=None)
@given(values)
def test_the_bytes_are_jsons(data: Any) -> None:
    try:
        expected = reference(data)
    except TypeError:  # keys of several types: json cannot sort them, nor can we
        with pytest.raises(TypeError):
            dumps(data)
        return
    assert dumps(data) == expected


def test_what_json_cannot_write_raises_jsons_error() -> None:
    loop: list[Any] = []
    loop.append(loop)
    for data, error in (({"a": {1, 2}}, TypeError), ({(1, 2): 3}, TypeError), (loop, ValueError)):
        with pytest.raises(error) as ours:
            dumps(data)
        with pytest.raises(error) as theirs:
            reference(data)
        assert str(ours.value) == str(theirs.value)
