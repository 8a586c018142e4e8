"""Operators of the language on runtime values (decision 6 for mixed strings and numbers)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from wlmail.runtime.values import (
    WLDate,
    WLDateTime,
    WLFault,
    WLTime,
    equals,
    flex,
    order,
    to_num,
    to_str,
    very_flex,
)


def _align(x: Any, y: Any) -> tuple[Any, Any]:
    if isinstance(x, Decimal) != isinstance(y, Decimal):
        return Decimal(str(x)), Decimal(str(y))
    return x, y


def add(a: Any, b: Any) -> Any:
    """``+``: text if the left operand is text, else a number (the right one read like Val)."""
    if isinstance(a, str) or (isinstance(b, str) and isinstance(a, WLDate | WLTime | WLDateTime)):
        return to_str(a) + to_str(b)  # a date or time followed by text is text
    if isinstance(a, bytes):
        return a + (b if isinstance(b, bytes) else to_str(b).encode("utf-8"))
    if isinstance(a, WLDate):
        return WLDate(a.value + dt.timedelta(days=int(to_num(b))))
    if a is None and isinstance(b, str):
        return b
    x, y = _align(to_num(a), to_num(b))
    return x + y


def sub(a: Any, b: Any) -> Any:
    if isinstance(a, WLDate) and isinstance(b, WLDate):
        return (a.value - b.value).days
    if isinstance(a, WLDate):
        return WLDate(a.value - dt.timedelta(days=int(to_num(b))))
    x, y = _align(to_num(a), to_num(b))
    return x - y


def mul(a: Any, b: Any) -> Any:
    x, y = _align(to_num(a), to_num(b))
    return x * y


def div(a: Any, b: Any) -> Any:
    """``/`` never truncates: 18 / 5 is 3.6 (an exact quotient stays an integer)."""
    x, y = _align(to_num(a), to_num(b))
    if y == 0:
        raise WLFault("division_by_zero")
    if isinstance(x, int) and isinstance(y, int):
        q, r = divmod(x, y)
        return q if r == 0 else x / y
    try:
        return x / y
    except InvalidOperation:
        raise WLFault("division_by_zero") from None


def modulo(a: Any, b: Any) -> Any:
    """``modulo``: the remainder has the sign of the dividend (as in C and WINDEV)."""
    x, y = _align(to_num(a), to_num(b))
    if y == 0:
        raise WLFault("division_by_zero")
    if isinstance(x, int) and isinstance(y, int):
        return x - y * int(x / y) if abs(x) < 2**52 else int(math.fmod(x, y))
    if isinstance(x, Decimal):
        return x % y  # Decimal's % already keeps the dividend's sign
    return math.fmod(x, y)


def power(a: Any, b: Any) -> Any:
    x, y = _align(to_num(a), to_num(b))
    huge = isinstance(x, int) and isinstance(y, int) and y * abs(x).bit_length() > 1 << 16
    if huge and abs(x) > 1:  # beyond any WLangage number: do not even compute it
        raise WLFault("overflow")
    try:
        result = x**y
    except ZeroDivisionError:
        raise WLFault("division_by_zero") from None
    except OverflowError:
        raise WLFault("overflow") from None
    if isinstance(result, complex):
        raise WLFault("bad_power")
    return result


def negate(a: Any) -> Any:
    return -to_num(a)


def optional_concat(a: Any, b: Any) -> str:
    """``a + [b]``: add ``b`` unless ``a`` is empty or already ends with ``b``."""
    left, right = to_str(a), to_str(b)
    if not left or left.endswith(right):
        return left
    return left + right


def _text(f: Callable[[str, str], bool]) -> Callable[[Any, Any], bool]:
    return lambda a, b: f(to_str(a), to_str(b))


COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "EQ": equals,
    "NE": lambda a, b: not equals(a, b),
    "LT": lambda a, b: order(a, b) < 0,
    "LE": lambda a, b: order(a, b) <= 0,
    "GT": lambda a, b: order(a, b) > 0,
    "GE": lambda a, b: order(a, b) >= 0,
    "FLEQ": _text(lambda a, b: flex(a) == flex(b)),
    "VFLEQ": _text(lambda a, b: very_flex(a) == very_flex(b)),
    "STARTS": _text(lambda a, b: a.startswith(b)),
    "STARTS_FL": _text(lambda a, b: flex(a).startswith(flex(b))),
    "STARTS_VFL": _text(lambda a, b: very_flex(a).startswith(very_flex(b))),
    "CONTAINS": _text(lambda a, b: b in a),
    "CONTAINS_FL": _text(lambda a, b: flex(b) in flex(a)),
    "CONTAINS_VFL": _text(lambda a, b: very_flex(b) in very_flex(a)),
    "ENDS": _text(lambda a, b: a.endswith(b)),
    "ENDS_FL": _text(lambda a, b: flex(a).endswith(flex(b))),
    "ENDS_VFL": _text(lambda a, b: very_flex(a).endswith(very_flex(b))),
}

ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "PLUS": add,
    "MINUS": sub,
    "STAR": mul,
    "SLASH": div,
    "MODULO": modulo,
    "PERCENT": modulo,
    "CARET": power,
}


def substring(text: Any, kind: str, a: Any, b: Any) -> str:
    """``s[[i]]``, ``s[[i À j]]``, ``s[[i À]]``, ``s[[À j]]``, ``s[[i SUR n]]`` (1-based)."""
    s = to_str(text)
    if kind == "one":
        i = int(to_num(a))
        return s[i - 1] if 1 <= i <= len(s) else ""
    if kind == "range":
        start = max(int(to_num(a)), 1)
        end = len(s) if b is None else int(to_num(b))
        return s[start - 1 : max(end, start - 1)]
    if kind == "upto":
        return s[: max(int(to_num(b)), 0)]
    start = max(int(to_num(a)), 1)
    return s[start - 1 : start - 1 + max(int(to_num(b)), 0)]
