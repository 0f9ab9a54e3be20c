"""Deterministic JSON: sorted keys, fixed indentation, a trailing newline; byte-identical per
input.

The bytes are ``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)``'s, made faster:
with an indent, the standard library encodes in Python, one generator step per token (0.3 s for
a homeassistant report's 9 MB). Here each container is one join and strings are escaped by the
standard library's own (C) escaper; a value it cannot write (another type, a cycle) goes to
``json.dumps`` itself, which writes it or raises its own error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any


class _Unsupported(Exception):
    """A value only ``json.dumps`` knows what to do with."""


def dumps(data: Any) -> str:
    try:
        return _encode(data, "\n") + "\n"
    except (_Unsupported, RecursionError):
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


#: How json writes a value of each exact scalar type (subclasses, such as an ``Enum`` of
#: strings, go through :func:`_encode`, as json's ``isinstance`` checks take them).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, int: int.__repr__, bool: {True: "true", False: "false"}.__getitem__,
    type(None): lambda _: "null"}


def _encode(value: Any, newline: str) -> str:
    """``value`` as JSON, its nested lines starting with ``newline`` plus two spaces."""
    write = _SCALARS.get(type(value))
    if write is not None:
        return write(value)
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    inner = newline + "  "
    scalar = _SCALARS.get
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = sorted(value.items())  # as json sorts them: by key (unique), then never by value
        return ("{" + inner + ("," + inner).join([
            (encode_basestring(key) if type(key) is str else _key(key)) + ": "
            + (write(item) if (write := scalar(type(item))) else _encode(item, inner))
            for key, item in items]) + newline + "}")
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join([
            write(item) if (write := scalar(type(item))) else _encode(item, inner)
            for item in value]) + newline + "]"
    raise _Unsupported


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as json writes it: a string, or a scalar turned into one."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return '"' + _float(key) + '"'
    if key is True or key is False or key is None or isinstance(key, int):
        return '"' + _encode(key, "") + '"'
    raise _Unsupported
