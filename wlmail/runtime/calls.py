"""What compiled code calls at run time: procedure calls, variable access, methods, faults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wlmail.builtins import implementation
from wlmail.catalog import Entry
from wlmail.errors import WLRuntimeError
from wlmail.runtime import ops
from wlmail.runtime.scope import (
    DEFAULT,
    VARIADIC_NAMES,
    Expr,
    InternalError,
    Setter,
)
from wlmail.runtime.state import (
    MAX_DEPTH,
    Closure,
    Frame,
    Proc,
    Runtime,
    value_owner,
)
from wlmail.runtime.values import (
    WLArray,
    WLAssoc,
    WLFault,
    WLStruct,
    to_str,
)
from wlmail.syntax import nodes as n

# The current object lives in a method's frame under a key no folded WLangage name can be.
SELF_KEY = " objet"


def by_reference(coerce: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A parameter passed by reference shares arrays, structures and objects with the caller."""

    def share(value: Any) -> Any:
        if isinstance(value, WLArray | WLAssoc | WLStruct) or hasattr(value, "wl_type"):
            return value
        return coerce(value)

    return share


def invoke(
    rt: Runtime, proc: Proc, args: list[Any], outer: Frame | None, this: Any = None
) -> tuple[Any, Frame]:
    """Call a user procedure (a method when ``this`` is its object); returns its result and its
    frame (for by-reference copy-out)."""
    frame = Frame({}, outer)
    if this is not None:
        frame.vars[SELF_KEY] = this
    params = proc.params
    if params is None:
        shared = WLArray("variant", list(args), (), True)
        for key in VARIADIC_NAMES:
            frame.vars[key] = shared
    else:
        if len(args) > len(params):
            raise WLFault("too_many_args", name=proc.name, count=len(args), high=len(params))
        for i, p in enumerate(params):
            if i < len(args) and args[i] is not DEFAULT:
                frame.vars[p.key] = p.coerce(args[i])
            elif p.default is not None:
                frame.vars[p.key] = p.coerce(p.default(frame))
            else:
                raise WLFault("missing_arg", name=p.name, proc=proc.name)
    if rt.depth >= MAX_DEPTH:
        raise WLFault("stack_overflow")
    rt.depth += 1
    try:
        proc.body(frame)
    finally:
        rt.depth -= 1
    result = frame.result
    if proc.returns is not None:
        if result is None and proc.default_result is not None:
            return proc.default_result(), frame
        if not isinstance(result, tuple):
            result = proc.returns(result)
    return result, frame


def var_getter(key: str, name: str, depth: int, globals_: dict[str, Any]) -> Expr:
    if depth == 0:

        def local(f: Frame) -> Any:
            try:
                return f.vars[key]
            except KeyError:
                raise WLFault("unset_variable", name=name) from None

        return local
    if depth < 0:

        def global_(f: Frame) -> Any:
            try:
                return globals_[key]
            except KeyError:
                raise WLFault("unset_variable", name=name) from None

        return global_

    def outer(f: Frame) -> Any:
        try:
            return frame_at(f, depth).vars[key]
        except KeyError:
            raise WLFault("unset_variable", name=name) from None

    return outer


def var_setter(
    key: str, depth: int, coerce: Callable[[Any], Any], globals_: dict[str, Any]
) -> Setter:
    if depth == 0:

        def local(f: Frame, v: Any) -> None:
            f.vars[key] = coerce(v)

        return local
    if depth < 0:

        def global_(f: Frame, v: Any) -> None:
            globals_[key] = coerce(v)

        return global_

    def outer(f: Frame, v: Any) -> None:
        frame_at(f, depth).vars[key] = coerce(v)

    return outer


def frame_at(f: Frame, depth: int) -> Frame:
    for _ in range(depth):
        assert f.outer is not None
        f = f.outer
    return f


def unpack(value: Any, count: int) -> list[Any]:
    items = (
        list(value)
        if isinstance(value, tuple)
        else (list(value.items) if isinstance(value, WLArray) else [value])
    )
    if len(items) < count:
        items += [None] * (count - len(items))
    return items[:count]


def split_pieces(text: str, sep: Any) -> list[str]:
    separators = [to_str(s) for s in sep.items] if isinstance(sep, WLArray) else [to_str(sep)]
    pieces = [text]
    for s in separators:
        if s:
            pieces = [p for piece in pieces for p in piece.split(s)]
    return pieces


def index_other(obj: Any, i: Any) -> Any:
    if isinstance(obj, str):
        return ops.substring(obj, "one", i, None)
    getter = getattr(obj, "wl_get_index", None)
    if getter is not None:
        return getter(i)
    raise WLFault("not_indexable", value=to_str(obj))


def call_method(rt: Runtime, obj: Any, key: str, name: str, args: list[Any]) -> Any:
    if obj is None:
        raise WLFault("null_object", name=name)
    method = getattr(obj, "wl_method", None)
    if method is not None:
        found = method(rt, key)
        if found is not None:
            return found(*args)
    owner = getattr(obj, "wl_type", "") or value_owner(obj)
    # a method name of the object's type (`s.OuvreSession()`) first, then any function name
    candidates = rt.catalog.method_names.get(key, [])
    entry = next((e for e in candidates if e.owner == owner), None) or next(
        (e for e in candidates if not e.owner), None
    )
    if entry is None:
        entry = rt.catalog.function_names.get(key)
    if entry is None or entry.status == "unsupported":
        raise WLFault("unknown_method", name=name, type_id=owner)  # type_id: did you mean
    impl = implementation(entry)
    if impl is None:
        raise WLFault("unknown_method", name=name, type_id=owner)
    if impl.fallible:
        rt.clear_error()
    return impl.fn(rt, obj, *args)


def call_value(rt: Runtime, callee: Any, args: list[Any]) -> Any:
    if isinstance(callee, Proc):
        return invoke(rt, callee, args, None)[0]
    if isinstance(callee, Closure):
        return invoke(rt, callee.proc, args, callee.frame)[0]
    return not_callable(callee)


def not_callable(value: Any) -> Any:
    raise WLFault("not_callable", value=to_str(value))


def literal(value: Any) -> Expr:
    return lambda f: value


def raiser(msg_id: str, node: n.Node, **values: Any) -> Expr:
    """A closure raising a fault found at compile time, positioned on ``node``."""

    def fail(f: Frame) -> Any:
        err = WLFault(msg_id, **values)
        err.line, err.column = node.line, node.col
        raise err

    return fail


def constant_value(entry: Entry) -> Any:
    value = entry.value
    if isinstance(value, dict) and value.get("kind") == "null":
        return None
    return value


def locate(err: WLRuntimeError, rt: Runtime, line: int, col: int) -> WLRuntimeError:
    """Give a fatal error its position (innermost statement) and its text, once."""
    if not err.line:
        err.line, err.column = line, col
    if not err.filename:
        err.filename = rt.filename
    if isinstance(err, WLFault) and err.message == err.msg_id:
        err.message = rt.msg(err.msg_id, **err.values)
    return err


def internal_error(err: Exception, rt: Runtime, line: int, col: int) -> InternalError:
    text = rt.msg("internal_error", error=f"{type(err).__name__}: {err}")
    return InternalError(text, rt.filename, line, col)
