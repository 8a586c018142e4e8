"""WLangage values on Python objects, and the conversions of the language.

Scalars are Python values (``int``, ``float``, ``Decimal``, ``str``, ``bytes``, ``bool``, ``None``
for ``Null``). Arrays are 1-based :class:`WLArray`; associative arrays :class:`WLAssoc`;
structures :class:`WLStruct`; dates and times small wrappers around :mod:`datetime`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from wlmail.errors import WLRuntimeError

Number = int | float | Decimal


class WLFault(WLRuntimeError):
    """A fatal error raised while evaluating; the interpreter adds the position."""

    def __init__(self, msg_id: str, number: int = 0, **values: Any) -> None:
        super().__init__(msg_id, code=msg_id, number=number)
        self.msg_id = msg_id
        self.values = values


# ---- numbers and text ----------------------------------------------------------------------
_NUM_PREFIX = re.compile(r"\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)")


def val(text: str) -> Number:
    """``Val``: the leading numeric part of a string (``,`` accepted as decimal mark), else 0."""
    m = _NUM_PREFIX.match(text)
    if not m:
        return 0
    s = m.group(1).replace(",", ".")
    if "." in s or "e" in s.lower():
        return float(s)
    return int(s)


def format_number(value: Number) -> str:
    """Numbers print without trailing zeros, reals with at most 15 significant digits."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return format(value.normalize(), "f")
    if math.isnan(value) or math.isinf(value):
        return str(value)
    text = format(value, ".15g")
    if "e" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def to_str(value: Any) -> str:
    """Conversion of any value to text, as string concatenation and ``Info`` do it."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return format_number(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    to_text = getattr(value, "wl_str", None)
    if to_text is not None:
        return str(to_text())
    return str(value)


def to_num(value: Any) -> Number:
    kind = type(value)
    if kind is int or kind is float:
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str):
        return val(value)
    if value is None:
        return 0
    to_number = getattr(value, "wl_num", None)
    if to_number is not None:
        return to_number()  # type: ignore[no-any-return]
    raise WLFault("not_a_number", value=to_str(value))


def to_int(value: Any) -> int:
    if type(value) is int:
        return value
    num = to_num(value)
    return num if isinstance(num, int) else int(num)


def to_bool(value: Any) -> bool:
    """A value used as a condition; a string there is a programming error ([C])."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value != 0
    if value is None:
        return False
    if isinstance(value, str):
        raise WLFault("string_condition", value=value)
    is_null = getattr(value, "wl_is_null", None)
    if is_null is not None:
        return not is_null()
    return True


# ---- containers ------------------------------------------------------------------------------
class WLArray:
    """A 1-based array, one or more dimensions, with an element type for its conversions."""

    __slots__ = ("coerce", "dims", "elem_type", "growth", "items")

    def __init__(
        self,
        elem_type: str = "variant",
        items: list[Any] | None = None,
        dims: tuple[int, ...] = (),
        growth: bool = False,
        coerce: Callable[[Any], Any] | None = None,
    ) -> None:
        self.elem_type = elem_type
        self.items: list[Any] = items if items is not None else []
        self.dims = dims
        self.growth = growth
        self.coerce = coerce or (lambda v: v)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def offset(self, idx: tuple[Any, ...]) -> int:
        if len(idx) == 1 and len(self.dims) <= 1:
            return to_int(idx[0]) - 1
        if len(idx) != len(self.dims):
            raise WLFault("bad_dimensions", count=len(idx))
        pos = 0
        for i, size in zip(idx, self.dims, strict=True):
            k = to_int(i) - 1
            if not 0 <= k < size:
                raise WLFault("index_out_of_range", index=to_int(i), size=size)
            pos = pos * size + k
        return pos

    def get(self, *idx: Any) -> Any:
        pos = self.offset(idx)
        if not 0 <= pos < len(self.items):
            raise WLFault("index_out_of_range", index=pos + 1, size=len(self.items))
        return self.items[pos]

    def set(self, value: Any, *idx: Any) -> None:
        pos = self.offset(idx)
        if pos >= len(self.items) and pos >= 0 and self.growth:
            if pos - len(self.items) > 50_000_000:
                raise WLFault("array_too_large", size=pos + 1)
            self.items.extend(self.coerce(None) for _ in range(pos + 1 - len(self.items)))
        if not 0 <= pos < len(self.items):
            raise WLFault("index_out_of_range", index=pos + 1, size=len(self.items))
        self.items[pos] = self.coerce(value)

    def append(self, value: Any) -> int:
        self.items.append(self.coerce(value))
        return len(self.items)

    def copy(self) -> WLArray:
        return WLArray(
            self.elem_type, [copy_value(v) for v in self.items], self.dims, self.growth, self.coerce
        )

    def wl_str(self) -> str:
        return "\r\n".join(to_str(v) for v in self.items)

    def __repr__(self) -> str:
        return f"[{', '.join(display(v) for v in self.items)}]"


class WLAssoc:
    """An associative array (string keys, case-sensitive)."""

    __slots__ = ("coerce", "elem_type", "items")

    def __init__(
        self, elem_type: str = "variant", coerce: Callable[[Any], Any] | None = None
    ) -> None:
        self.elem_type = elem_type
        self.items: dict[Any, Any] = {}
        self.coerce = coerce or (lambda v: v)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, key: Any) -> Any:
        k = _assoc_key(key)
        if k not in self.items:
            raise WLFault("missing_key", key=to_str(key))
        return self.items[k]

    def set(self, value: Any, key: Any) -> None:
        self.items[_assoc_key(key)] = self.coerce(value)

    def copy(self) -> WLAssoc:
        new = WLAssoc(self.elem_type, self.coerce)
        new.items = {k: copy_value(v) for k, v in self.items.items()}
        return new

    def __repr__(self) -> str:
        return "{" + ", ".join(f"{k!r}: {display(v)}" for k, v in self.items.items()) + "}"


def _assoc_key(key: Any) -> Any:
    return key if isinstance(key, str) else to_str(key)


class WLStruct:
    """An instance of a user ``Structure``: fields by folded name, in declaration order."""

    __slots__ = ("coercers", "fields", "names", "type_name")

    def __init__(
        self,
        type_name: str,
        names: dict[str, str],
        fields: dict[str, Any],
        coercers: dict[str, Callable[[Any], Any]],
    ) -> None:
        self.type_name = type_name
        self.names = names
        self.fields = fields
        self.coercers = coercers

    def copy(self) -> WLStruct:
        return WLStruct(
            self.type_name,
            self.names,
            {k: copy_value(v) for k, v in self.fields.items()},
            self.coercers,
        )

    def __repr__(self) -> str:
        inner = ", ".join(f"{self.names[k]}={display(v)}" for k, v in self.fields.items())
        return f"{self.type_name}({inner})"


class OutArg:
    """A by-reference argument of a built-in function (catalog ``out``): the function reads
    ``wl_value()`` and writes the caller's variable with ``wl_assign(value)``."""

    __slots__ = ("_set", "value")

    def __init__(self, value: Any, setter: Callable[[Any], None]) -> None:
        self.value = value
        self._set = setter

    def wl_value(self) -> Any:
        return self.value

    def wl_assign(self, value: Any) -> None:
        self._set(value)
        self.value = value


def copy_value(value: Any) -> Any:
    """Assignment copies arrays and structures (value semantics); scalars are immutable."""
    copier = getattr(value, "copy", None)
    if copier is not None and isinstance(value, WLArray | WLAssoc | WLStruct):
        return copier()
    return value


# ---- dates and times -------------------------------------------------------------------------
class WLDate:
    __slots__ = ("value",)

    def __init__(self, value: dt.date) -> None:
        self.value = value

    @classmethod
    def parse(cls, text: str) -> WLDate:
        digits = re.sub(r"\D", "", text)[:8]
        try:
            return cls(dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])))
        except (ValueError, IndexError):
            raise WLFault("bad_date", value=text) from None

    def wl_str(self) -> str:
        return self.value.strftime("%Y%m%d")

    def wl_num(self) -> int:
        return int(self.wl_str())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WLDate) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return self.wl_str()


class WLTime:
    __slots__ = ("value",)

    def __init__(self, value: dt.time) -> None:
        self.value = value

    @classmethod
    def parse(cls, text: str) -> WLTime:
        digits = (re.sub(r"\D", "", text) + "00000000")[:8]
        try:
            h, m, s, cs = (int(digits[i : i + 2]) for i in range(0, 8, 2))
            return cls(dt.time(h, m, s, cs * 10000))
        except ValueError:
            raise WLFault("bad_time", value=text) from None

    def wl_str(self) -> str:
        t = self.value
        return f"{t.hour:02d}{t.minute:02d}{t.second:02d}{t.microsecond // 10000:02d}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WLTime) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return self.wl_str()


class WLDateTime:
    __slots__ = ("value",)

    def __init__(self, value: dt.datetime) -> None:
        self.value = value

    @classmethod
    def parse(cls, text: str) -> WLDateTime:
        digits = (re.sub(r"\D", "", text) + "0" * 16)[:16]
        date = WLDate.parse(digits[:8]).value
        time = WLTime.parse(digits[8:]).value
        return cls(dt.datetime.combine(date, time))

    def wl_str(self) -> str:
        v = self.value
        return v.strftime("%Y%m%d%H%M%S") + f"{v.microsecond // 10000:02d}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WLDateTime) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return self.wl_str()


class WLDuration:
    """A duration in milliseconds."""

    __slots__ = ("ms",)

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def wl_str(self) -> str:
        return str(self.ms)

    def wl_num(self) -> int:
        return self.ms

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WLDuration) and other.ms == self.ms

    def __hash__(self) -> int:
        return hash(self.ms)


# ---- comparison helpers ----------------------------------------------------------------------
def flex(text: str) -> str:
    """``~=``: ignore case, accents and surrounding spaces."""
    decomposed = unicodedata.normalize("NFD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def very_flex(text: str) -> str:
    """``~~``: also ignore every space and punctuation mark."""
    return "".join(c for c in flex(text) if c.isalnum())


def is_null(value: Any) -> bool:
    if value is None:
        return True
    check = getattr(value, "wl_is_null", None)
    return bool(check()) if check is not None else False


def equals(a: Any, b: Any) -> bool:
    """``=``: strict equality with the language's conversions."""
    kind = type(a)
    if kind is type(b) and (kind is int or kind is str):
        return bool(a == b)
    if a is None or b is None:
        return is_null(a) and is_null(b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if _numeric(a) and _numeric(b):
        return _num_eq(to_num(a), to_num(b))
    if isinstance(a, str) or isinstance(b, str):
        other = b if isinstance(a, str) else a
        text = a if isinstance(a, str) else b
        if _numeric(other):
            return _num_eq(to_num(text), to_num(other))
        return text == to_str(other)
    return bool(a == b)


def _numeric(v: Any) -> bool:
    return isinstance(v, bool | int | float | Decimal)


def _num_eq(x: Number, y: Number) -> bool:
    if isinstance(x, Decimal) != isinstance(y, Decimal):
        try:
            return Decimal(str(x)) == Decimal(str(y))
        except InvalidOperation:
            return False
    return x == y


def order(a: Any, b: Any) -> int:
    """Three-way comparison for ``<``, ``<=``, ``>``, ``>=``."""
    if isinstance(a, str) and isinstance(b, str):
        return (a > b) - (a < b)
    if isinstance(a, WLDate | WLTime | WLDateTime) and type(a) is type(b):
        av: Any = a.value
        return int(av > b.value) - int(av < b.value)
    x: Any = to_num(a)
    y: Any = to_num(b)
    if isinstance(x, Decimal) != isinstance(y, Decimal):
        x, y = Decimal(str(x)), Decimal(str(y))
    return int(x > y) - int(x < y)


def display(value: Any) -> str:
    """How the REPL shows a value (strings quoted)."""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "Vrai" if value else "Faux"
    if value is None:
        return "Null"
    shown = getattr(value, "wl_display", None)
    if shown is not None:
        return str(shown())
    if isinstance(value, WLArray | WLAssoc | WLStruct):
        return repr(value)
    return to_str(value)
