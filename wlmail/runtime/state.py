"""Runtime state shared by compiled code: globals, procedures, errors, member access, calls."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from wlmail.catalog import Catalog, fold, get_catalog
from wlmail.errors import WLRuntimeError
from wlmail.record import field, record
from wlmail.runtime.host import Host
from wlmail.runtime.values import (
    WLArray,
    WLAssoc,
    WLDate,
    WLFault,
    WLStruct,
    WLTime,
)

BREAK, CONTINUE, RETURN = 1, 2, 3
MAX_DEPTH = 600
# A WLangage call nests a few dozen Python frames: room for MAX_DEPTH calls, set once on import
if sys.getrecursionlimit() < 20000:
    sys.setrecursionlimit(20000)


class Frame:
    """Variables of one running procedure (or of the main code, whose variables are global)."""

    __slots__ = ("outer", "result", "vars")

    def __init__(self, variables: dict[str, Any], outer: Frame | None = None) -> None:
        self.vars = variables
        self.outer = outer
        self.result: Any = None


@record
class ParamInfo:
    key: str
    name: str
    local: bool
    coerce: Callable[[Any], Any]
    default: Callable[[Frame], Any] | None


@record
class Proc:
    """A compiled user procedure."""

    name: str
    key: str
    params: list[ParamInfo] | None
    body: Callable[[Frame], int | None] = lambda f: None
    returns: Callable[[Any], Any] | None = None
    default_result: Callable[[], Any] | None = None
    internal: bool = False
    line: int = 0
    owner: Any = None  # the ClassDef of a method

    def wl_str(self) -> str:
        return self.name


class Closure:
    """A lambda (or internal procedure) value: its procedure and the frame it was made in."""

    __slots__ = ("frame", "proc")

    def __init__(self, proc: Proc, frame: Frame) -> None:
        self.proc, self.frame = proc, frame

    def wl_str(self) -> str:
        return self.proc.name


@record
class ErrorState:
    occurred: bool = False
    code: int = 0
    message: str = ""
    system: str = ""


@record
class Runtime:
    """What compiled closures reach at run time."""

    host: Host
    lang: str = "fr"
    filename: str = "<script>"
    catalog: Catalog = field(default_factory=get_catalog)
    globals: dict[str, Any] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)
    error: ErrorState = field(default_factory=ErrorState)
    exception: WLRuntimeError | None = None
    depth: int = 0
    extensions: dict[str, Any] = field(default_factory=dict)

    # ---- non-fatal errors (decision 7) -----------------------------------------------------
    def clear_error(self) -> None:
        if self.error.occurred:
            self.error = ErrorState()

    def fail(self, message: str, code: int = 1, system: str = "") -> None:
        """Record a non-fatal error: ``ErreurDétectée`` becomes true, ``ErreurInfo`` tells why."""
        self.error = ErrorState(True, code, message, system)
        self.host.outcome.unseen_failure = message  # until ErreurInfo/ErreurDétectée reads it

    def msg(self, msg_id: str, **values: Any) -> str:
        return self.catalog.message(msg_id, self.lang, **values)

    # ---- members ---------------------------------------------------------------------------
    def get_member(self, obj: Any, key: str, name: str) -> Any:
        if obj is None:
            raise WLFault("null_object", name=name)
        if isinstance(obj, WLStruct):
            if key in obj.fields:
                return obj.fields[key]
            raise WLFault("unknown_member", name=name, owner=obj.type_name)
        getter = getattr(obj, "wl_get", None)
        if getter is not None:
            return getter(self, key, name)
        owner = value_owner(obj)
        entry = self.catalog.prop(owner, key) if owner else None
        if entry is None:
            raise WLFault("unknown_member", name=name, owner=self.type_label(obj))
        return VALUE_PROPS[entry.id](obj)

    def set_member(self, obj: Any, key: str, name: str, value: Any) -> None:
        if obj is None:
            raise WLFault("null_object", name=name)
        if isinstance(obj, WLStruct):
            if key not in obj.fields:
                raise WLFault("unknown_member", name=name, owner=obj.type_name)
            obj.fields[key] = obj.coercers[key](value)
            return
        setter = getattr(obj, "wl_set", None)
        if setter is None:
            owner = value_owner(obj)
            if owner and self.catalog.prop(owner, key) is not None:
                raise WLFault("read_only_member", name=name)
            # `x.Foo = 2` on an integer: no such property (not "cannot be changed")
            raise WLFault("unknown_member", name=name, owner=self.type_label(obj))
        setter(self, key, name, value)

    def type_label(self, obj: Any) -> str:
        """The WLangage name of a value's type, in the script's language (``entier``)."""
        type_id = value_owner(obj) or _PLAIN_TYPES.get(type(obj).__name__, "")
        entry = self.catalog.types.get(type_id)
        return entry.name(self.lang) if entry is not None else type(obj).__name__


#: catalog type ids of plain Python values, for messages
_PLAIN_TYPES = {
    "bool": "bool",
    "int": "int",
    "float": "real",
    "Decimal": "real",
    "str": "string",
    "bytes": "buffer",
}


def value_owner(obj: Any) -> str:
    """The catalog type of a plain value that has properties or methods ("" otherwise)."""
    if isinstance(obj, WLArray):
        return "array"
    if isinstance(obj, WLAssoc):
        return "assoc"
    if isinstance(obj, WLDate):
        return "date"
    if isinstance(obj, WLTime):
        return "time"
    return ""


VALUE_PROPS: dict[str, Callable[[Any], Any]] = {
    "array.count": len,
    "array.empty": lambda a: len(a) == 0,
    "assoc.count": len,
    "date.year": lambda d: d.value.year,
    "date.month": lambda d: d.value.month,
    "date.day": lambda d: d.value.day,
    "time.hour": lambda t: t.value.hour,
    "time.minute": lambda t: t.value.minute,
    "time.second": lambda t: t.value.second,
}


def method_key(name: str) -> str:
    return fold(name)
