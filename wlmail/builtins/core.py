"""Numbers and conversions: ``Val``, ``NumériqueVersChaîne``, ``Hasard``, ``Arrondi``…"""

from __future__ import annotations

import random as _random
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from wlmail.builtins import builtin
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import (
    WLArray,
    WLAssoc,
    WLDate,
    WLStruct,
    WLTime,
    format_number,
    order,
    to_int,
    to_num,
    to_str,
    val,
)

_rng = _random.Random()
_FORMAT = re.compile(r"^(0?)(\d*)(?:\.(\d+))?([dfs]?)$")


@builtin("val")
def val_(rt: Runtime, text: Any) -> Any:
    return val(to_str(text))


@builtin("num_to_string")
def num_to_string(rt: Runtime, number: Any, fmt: Any = "") -> str:
    """``"5.2f"``: width 5, 2 decimals; ``"05d"``: zero-padded integer; no format: as printed."""
    spec = to_str(fmt)
    num = to_num(number)
    if not spec:
        return format_number(num)
    m = _FORMAT.match(spec)
    if m is None:
        return format_number(num)
    zero, width, decimals, kind = m.groups()
    if kind == "d" or (not decimals and kind != "f"):
        text = str(int(Decimal(str(num)).to_integral_value(ROUND_HALF_UP)))
    else:
        places = Decimal(1).scaleb(-int(decimals or 0))
        text = str(Decimal(str(num)).quantize(places, ROUND_HALF_UP))
    if width:
        text = text.rjust(int(width), "0" if zero else " ")
    return text


@builtin("random")
def random(rt: Runtime, low: Any = None, high: Any = None) -> Any:
    if low is None:
        return _rng.random()
    if high is None:
        return _rng.randint(1, max(to_int(low), 1))
    a, b = sorted((to_int(low), to_int(high)))
    return _rng.randint(a, b)


@builtin("init_random")
def init_random(rt: Runtime, seed: Any = None) -> None:
    _rng.seed(None if seed is None else to_int(seed))


@builtin("abs")
def abs_(rt: Runtime, number: Any) -> Any:
    return abs(to_num(number))


@builtin("round")
def round_(rt: Runtime, number: Any, decimals: Any = 0) -> Any:
    places = to_int(decimals)
    result = Decimal(str(to_num(number))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if places <= 0:
        return int(result)
    value = to_num(number)
    return result if isinstance(value, Decimal) else float(result)


@builtin("int_part")
def int_part(rt: Runtime, number: Any) -> int:
    return int(to_num(number))


@builtin("max")
def max_(rt: Runtime, *values: Any) -> Any:
    items = _flatten(values)
    best = items[0]
    for v in items[1:]:
        if order(v, best) > 0:
            best = v
    return best


@builtin("min")
def min_(rt: Runtime, *values: Any) -> Any:
    items = _flatten(values)
    best = items[0]
    for v in items[1:]:
        if order(v, best) < 0:
            best = v
    return best


def _flatten(values: tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        out.extend(v.items if isinstance(v, WLArray) else [v])
    return out or [0]


@builtin("type_var")
def type_var(rt: Runtime, value: Any) -> str:
    kinds: list[tuple[type | tuple[type, ...], str]] = [
        (bool, "bool"),
        (int, "int"),
        (float, "real"),
        (Decimal, "numeric"),
        (str, "string"),
        (bytes, "buffer"),
        (WLArray, "array"),
        (WLAssoc, "assoc"),
        (WLDate, "date"),
        (WLTime, "time"),
    ]
    if isinstance(value, WLStruct):
        return value.type_name
    for cls, type_id in kinds:
        if isinstance(value, cls):
            return rt.catalog.types[type_id].name(rt.lang)
    return getattr(value, "wl_type", "variant") if value is not None else "Null"
