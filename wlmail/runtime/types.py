"""Declared types: how a variable of each type starts and what assigning to it converts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.record import field, record
from wlmail.runtime.values import (
    WLArray,
    WLAssoc,
    WLDate,
    WLDateTime,
    WLDuration,
    WLFault,
    WLStruct,
    WLTime,
    copy_value,
    to_bool,
    to_int,
    to_num,
    to_str,
    val,
)

Coercer = Callable[[Any], Any]

# Host object classes (Email, emailSessionSMTP…) register a factory here, keyed by catalog id.
HOST_FACTORIES: dict[str, Callable[[], Any]] = {}


@record
class VType:
    """A resolved type: its catalog id, conversion on assignment and initial value."""

    id: str
    coerce: Coercer
    default: Callable[[], Any]
    elem: VType | None = None
    fields: dict[str, VType] = field(default_factory=dict)


INT32, INT64 = 2**31, 2**63
MAX_ARRAY = 50_000_000  # elements: past this, memory runs out before anything useful happens


def _int32(value: Any) -> int:
    """An ``entier`` holds 4 bytes: overflow is detected when the value is assigned ([C])."""
    v = value if type(value) is int else to_int(value)
    if -INT32 <= v < INT32:
        return v
    raise WLFault("overflow")


def _int64(value: Any) -> int:
    v = value if type(value) is int else to_int(value)
    if -INT64 <= v < INT64:
        return v
    raise WLFault("overflow")


def _decimal(value: Any) -> Decimal:
    """``numérique``: exact, 6 decimals by default (like ``monétaire``)."""
    num = to_num(value)
    d = num if isinstance(num, Decimal) else Decimal(str(num))
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        return d.quantize(SIX_PLACES, rounding=ROUND_HALF_EVEN)
    return d


SIX_PLACES = Decimal("0.000001")


def _currency(value: Any) -> Decimal:
    return _decimal(value).quantize(SIX_PLACES, rounding=ROUND_HALF_EVEN)


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return val(value) != 0
    return to_bool(value)


def _buffer(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return to_str(value).encode("utf-8")


def _date(value: Any) -> WLDate:
    if isinstance(value, WLDate):
        return value
    if isinstance(value, WLDateTime):
        return WLDate(value.value.date())
    return WLDate.parse(to_str(value))


def _time(value: Any) -> WLTime:
    if isinstance(value, WLTime):
        return value
    if isinstance(value, WLDateTime):
        return WLTime(value.value.time())
    return WLTime.parse(to_str(value))


def _datetime(value: Any) -> WLDateTime:
    if isinstance(value, WLDateTime):
        return value
    if isinstance(value, WLDate):
        return WLDateTime(dt.datetime.combine(value.value, dt.time()))
    return WLDateTime.parse(to_str(value))


def _duration(value: Any) -> WLDuration:
    return value if isinstance(value, WLDuration) else WLDuration(to_int(value))


def _now_time() -> WLTime:
    now = dt.datetime.now().time()
    return WLTime(now.replace(microsecond=now.microsecond // 10000 * 10000))


SCALARS: dict[str, tuple[Coercer, Callable[[], Any]]] = {
    "int": (_int32, lambda: 0),
    "int8": (_int64, lambda: 0),
    "real": (lambda v: float(to_num(v)), lambda: 0.0),
    "numeric": (_decimal, lambda: Decimal(0)),
    "currency": (_currency, lambda: Decimal(0)),
    "string": (to_str, lambda: ""),
    "char": (lambda v: to_str(v)[:1], lambda: ""),
    "bool": (_bool, lambda: False),
    "buffer": (_buffer, lambda: b""),
    "date": (_date, lambda: WLDate(dt.date.today())),
    "time": (_time, _now_time),
    "datetime": (_datetime, lambda: WLDateTime(dt.datetime.now())),
    "duration": (_duration, lambda: WLDuration(0)),
    "variant": (copy_value, lambda: None),
}


def scalar(type_id: str) -> VType:
    coerce, default = SCALARS[type_id]
    return VType(type_id, coerce, default)


VARIANT = scalar("variant")


def array_type(elem: VType, dims: tuple[int, ...], growth: bool) -> VType:
    size = 1
    for d in dims:
        size *= d

    def make() -> WLArray:
        if size > MAX_ARRAY:
            raise WLFault("array_too_large", size=size)
        items = [elem.default() for _ in range(size)] if dims else []
        return WLArray(elem.id, items, dims, growth or not dims, elem.coerce)

    def coerce(value: Any) -> WLArray:
        if isinstance(value, WLArray):
            new = (
                make()
                if dims and len(value.items) < size
                else WLArray(elem.id, [], value.dims or dims, growth or not dims, elem.coerce)
            )
            new.items = [elem.coerce(copy_value(v)) for v in value.items]
            if dims and len(new.items) < size:
                new.items.extend(elem.default() for _ in range(size - len(new.items)))
            return new
        if value is None:
            return make()
        raise WLFault("not_an_array", value=to_str(value))

    return VType("array", coerce, make, elem=elem)


def assoc_type(elem: VType) -> VType:
    def coerce(value: Any) -> WLAssoc:
        if isinstance(value, WLAssoc):
            new = WLAssoc(elem.id, elem.coerce)
            new.items = {k: elem.coerce(copy_value(v)) for k, v in value.items.items()}
            return new
        if value is None:
            return WLAssoc(elem.id, elem.coerce)
        raise WLFault("not_an_array", value=to_str(value))

    return VType("assoc", coerce, lambda: WLAssoc(elem.id, elem.coerce), elem=elem)


def struct_type(name: str, fields: dict[str, tuple[str, VType]]) -> VType:
    names = {key: shown for key, (shown, _) in fields.items()}
    coercers = {key: vt.coerce for key, (_, vt) in fields.items()}

    def make() -> WLStruct:
        return WLStruct(name, names, {k: vt.default() for k, (_, vt) in fields.items()}, coercers)

    def coerce(value: Any) -> WLStruct:
        if isinstance(value, WLStruct) and value.type_name == name:
            return value.copy()
        raise WLFault("wrong_type", expected=name, value=to_str(value))

    return VType(
        f"struct:{fold(name)}", coerce, make, fields={k: vt for k, (_, vt) in fields.items()}
    )


def host_type(type_id: str) -> VType:
    factory = HOST_FACTORIES[type_id]

    def coerce(value: Any) -> Any:
        if getattr(value, "wl_type", None) == type_id:
            copier = getattr(value, "wl_copy", None)
            return copier() if copier is not None else value
        if value is None:
            return factory()
        raise WLFault("wrong_type", expected=type_id, value=to_str(value))

    return VType(type_id, coerce, factory)


def lookup_named(words: list[str]) -> str | None:
    """Catalog id of a type written with one or more words, or None."""
    cat = get_catalog()
    entry = cat.type(" ".join(words)) or cat.type(words[0])
    return entry.id if entry else None


def infer(value: Any) -> VType:
    """The type ``soit``/``let`` gives a variable from its first value."""
    if isinstance(value, bool):
        return scalar("bool")
    if isinstance(value, int):
        return scalar("int")
    if isinstance(value, float):
        return scalar("real")
    if isinstance(value, Decimal):
        return scalar("numeric")
    if isinstance(value, str):
        return scalar("string")
    return VARIANT
