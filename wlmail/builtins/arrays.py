"""Array functions (``Ajoute``/``Add``…), usable as methods: ``tab.Ajoute(x)``."""

from __future__ import annotations

import functools
from typing import Any

from wlmail.builtins import builtin
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLArray, WLAssoc, WLFault, equals, order, to_int, to_str

SORT_DESCENDING = 2


def _array(value: Any) -> WLArray:
    if isinstance(value, WLArray):
        return value
    raise WLFault("not_an_array", value=to_str(value))


@builtin("array_add")
def add(rt: Runtime, arr: Any, value: Any = None) -> int:
    a = _array(arr)
    return a.append(value if value is not None else a.coerce(None))


@builtin("array_insert")
def insert(rt: Runtime, arr: Any, index: Any, value: Any = None) -> int:
    a = _array(arr)
    i = to_int(index)
    if not 1 <= i <= len(a.items) + 1:
        raise WLFault("index_out_of_range", index=i, size=len(a.items))
    a.items.insert(i - 1, a.coerce(value))
    return i


@builtin("array_delete")
def delete(rt: Runtime, arr: Any, index: Any) -> None:
    if isinstance(arr, WLAssoc):
        arr.items.pop(to_str(index), None)
        return
    a = _array(arr)
    i = to_int(index)
    if not 1 <= i <= len(a.items):
        raise WLFault("index_out_of_range", index=i, size=len(a.items))
    del a.items[i - 1]


@builtin("array_delete_all")
def delete_all(rt: Runtime, arr: Any) -> None:
    if isinstance(arr, WLAssoc):
        arr.items.clear()
    else:
        _array(arr).items.clear()


@builtin("array_count")
def count(rt: Runtime, arr: Any) -> int:
    if isinstance(arr, WLAssoc):
        return len(arr.items)
    return len(_array(arr).items)


@builtin("array_seek")
def seek(rt: Runtime, arr: Any, mode_or_value: Any, value: Any = None) -> int:
    a = _array(arr)
    target = mode_or_value if value is None else value
    for i, item in enumerate(a.items, 1):
        if equals(item, target):
            return i
    return 0


@builtin("array_sort")
def sort(rt: Runtime, arr: Any, options: Any = 1) -> None:
    a = _array(arr)
    a.items.sort(key=functools.cmp_to_key(order), reverse=to_int(options) & SORT_DESCENDING != 0)


@builtin("array_to_string")
def to_string(rt: Runtime, arr: Any, sep: Any = "\r\n") -> str:
    return to_str(sep).join(to_str(v) for v in _array(arr).items)


@builtin("string_to_array")
def from_string(rt: Runtime, text: Any, arr: Any, sep: Any = "\r\n") -> None:
    a = _array(arr)
    a.items = [a.coerce(p) for p in to_str(text).split(to_str(sep))] if to_str(text) else []


@builtin("element_exists")
def element_exists(rt: Runtime, arr: Any, key: Any) -> bool:
    if isinstance(arr, WLAssoc):
        return to_str(key) in arr.items
    return 1 <= to_int(key) <= len(_array(arr).items)
