"""GX's metric ids, computed without its generic JSON conversion when the kwargs are plain JSON.

While it plans a suite, GX 1.x names every metric it needs by `IDDict.to_id()`: an md5 of
`json.dumps(convert_to_json_serializable(kwargs), sort_keys=True)`. The conversion walks every
value through a chain of isinstance tests (pydantic models, numpy, pandas, dates, shapely...) and
was the largest single item of planning a small table's suite (~10,000 ids per batch's checks).
For a dict whose values are exactly str, int, bool, None, finite float, and lists, tuples and
str-keyed dicts of those, the conversion returns the same values, so `json.dumps` of the dict
itself is the same text and the id the same string; anything else (NaN, numpy, sets, subclasses)
takes GX's own code. `install()` wraps the method once per process; the ids never differ from
GX's (tests/test_quality.py compares them).
"""

from __future__ import annotations

import hashlib
import json
import math
import threading

_installed = False
_lock = threading.Lock()


def plain(value) -> bool:
    """Whether GX's convert_to_json_serializable returns this value unchanged (up to tuple -> list)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return math.isfinite(value)  # GX turns NaN into None
    if kind is list or kind is tuple:
        return all(plain(v) for v in value)
    if kind is dict:
        return all(type(k) is str and plain(v) for k, v in value.items())
    return False


def install() -> None:
    """Wrap IDDict.to_id once per process (GX must be importable)."""
    global _installed
    with _lock:
        if _installed:
            return
        from great_expectations.core.id_dict import IDDict

        gx_to_id = IDDict.to_id

        def to_id(self, id_keys=None, id_ignore_keys=None):
            if id_keys is None and id_ignore_keys is None and len(self) > 1:
                keys = set(self) - set(self._id_ignore_keys)
                data = {k: self[k] for k in keys}
                if len(keys) > 1 and plain(data):
                    return hashlib.md5(json.dumps(data, sort_keys=True).encode("utf-8"),
                                       usedforsecurity=False).hexdigest()
            return gx_to_id(self, id_keys, id_ignore_keys)

        to_id.__doc__ = gx_to_id.__doc__
        to_id.gx_to_id = gx_to_id
        IDDict.to_id = to_id
        _installed = True
