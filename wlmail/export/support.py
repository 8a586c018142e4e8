"""Runtime support for programs exported by ``wlmail export --python``.

An exported program does ``from wlmail.export.support import wl`` and leaves every WLangage
semantic to ``wl``, which is a thin facade over wlmail's own runtime: the values and conversions
of :mod:`wlmail.runtime.values` and :mod:`wlmail.runtime.types` (1-based arrays, typed variables),
the operators of :mod:`wlmail.runtime.ops`, member access and errors of
:class:`wlmail.runtime.state.Runtime`, and the built-in functions of the catalog (``wl.Info``,
``wl.EmailEnvoieMessage``…) bound to their implementations in :mod:`wlmail.builtins`, mail and
OAuth included. Nothing here re-implements a semantic; it only gives it a Python spelling.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

from wlmail.builtins import implementation
from wlmail.catalog import Entry, fold, get_catalog
from wlmail.errors import WLError, WLRuntimeError
from wlmail.runtime import ops
from wlmail.runtime import types as T
from wlmail.runtime.calls import call_method as _call_method
from wlmail.runtime.calls import unpack as _unpack
from wlmail.runtime.driver import EXIT_FATAL, EXIT_INTERRUPTED, EXIT_OK, report
from wlmail.runtime.host import Host
from wlmail.runtime.scope import DEFAULT
from wlmail.runtime.state import Proc, Runtime
from wlmail.runtime.values import (
    WLArray,
    WLAssoc,
    WLFault,
    copy_value,
    equals,
    to_bool,
    to_int,
    to_num,
    to_str,
)

__all__ = ["WLType", "wl"]


class Exit(Exception):
    """``RETOUR`` in the main code: the program ends normally."""


class WLType:
    """A declared type: calling it converts a value as an assignment does; ``new()`` is the
    initial value of a variable of that type."""

    __slots__ = ("name", "vtype")

    def __init__(self, vtype: T.VType, name: str = "") -> None:
        self.vtype = vtype
        self.name = name or vtype.id

    def __call__(self, value: Any) -> Any:
        return self.vtype.coerce(value)

    def new(self) -> Any:
        return self.vtype.default()

    def share(self, value: Any) -> Any:
        """A parameter passed by reference keeps arrays, structures and objects shared."""
        if isinstance(value, WLArray | WLAssoc) or hasattr(value, "wl_type"):
            return value
        if hasattr(value, "fields") and hasattr(value, "coercers"):
            return value
        return self.vtype.coerce(value)

    def __repr__(self) -> str:
        return f"WLType({self.name})"


_COMPARE = {name.lower(): fn for name, fn in ops.COMPARE.items()}
_ARITH = {"add": ops.add, "sub": ops.sub, "mul": ops.mul, "div": ops.div}
_ARITH.update({"modulo": ops.modulo, "power": ops.power})


class Support:
    """The ``wl`` object of exported programs."""

    DEFAULT = DEFAULT
    FatalError = WLRuntimeError  # what QUAND EXCEPTION catches

    def __init__(self) -> None:
        self._rt: Runtime | None = None
        self._bound: dict[str, Any] = {}
        self._types = {tid: WLType(T.scalar(tid)) for tid in T.SCALARS}
        self.host_factory: Callable[[], Host] = Host  # tests swap in a capturing host
        self._positions: dict[int, tuple[tuple[int, int, int], ...]] = {}
        self.sources: dict[str, str] = {}  # WLangage texts by name, when not on disk

    # ---- the runtime of this run ------------------------------------------------------------
    @property
    def rt(self) -> Runtime:
        if self._rt is None:
            self._rt = Runtime(Host())
        return self._rt

    def __getattr__(self, name: str) -> Any:
        """``wl.int`` (a type), ``wl.Info`` (a built-in function), ``wl.RC`` (a constant)."""
        if name.startswith("__"):
            raise AttributeError(name)
        found = self._types.get(name)
        if found is not None:
            return found
        bound = self._bound.get(name)
        if bound is None:
            bound = self._bound[name] = self._bind(name)
        return bound() if isinstance(bound, _Lazy) else bound

    def _bind(self, name: str) -> Any:
        cat = get_catalog()
        entry = cat.function(name)
        if entry is not None:
            return self._function(entry)
        const = cat.constant(name)
        if const is not None:
            value = const.value
            if isinstance(value, dict) and value.get("kind") == "global":
                return _Lazy(lambda: self._global_object(const))
            return None if isinstance(value, dict) and value.get("kind") == "null" else value
        raise AttributeError(f"wl.{name}: no such WLangage function or constant")

    def _function(self, entry: Entry) -> Callable[..., Any]:
        if entry.status == "unsupported":
            return lambda *args: self._fault(
                "unsupported_function", name=entry.name(self.rt.lang), reason=entry.reason
            )
        impl = implementation(entry)
        if impl is None:
            raise AttributeError(f"no implementation for {entry.id}")
        fn, fallible = impl.fn, impl.fallible

        def call(*args: Any) -> Any:
            rt = self.rt
            if fallible:
                rt.clear_error()
            return fn(rt, *args)

        call.__name__ = entry.name("fr")
        return call

    def _global_object(self, entry: Entry) -> Any:
        """The predefined ``Email`` structure: one per run, shared with the mail functions."""
        type_id = str(entry.value["type"])
        self._load(type_id)
        objects = self.rt.extensions.setdefault("global_objects", {})
        obj = objects.get(entry.id)
        if obj is None:
            obj = objects[entry.id] = T.HOST_FACTORIES[type_id]()
        return obj

    def _fault(self, msg_id: str, **values: Any) -> NoReturn:
        err = WLFault(msg_id, **values)
        err.message = self.rt.msg(msg_id, **values)
        raise err

    # ---- types ---------------------------------------------------------------------------
    def array(self, elem: WLType, *dims: int, growth: bool = False) -> WLType:
        return WLType(T.array_type(elem.vtype, tuple(dims), growth), f"array of {elem.name}")

    def assoc(self, elem: WLType) -> WLType:
        return WLType(T.assoc_type(elem.vtype), f"assoc of {elem.name}")

    def object_type(self, type_id: str) -> WLType:
        """An object type of the catalog (``Email``, ``emailSessionSMTP``…)."""
        self._load(type_id)
        if type_id in T.HOST_FACTORIES:
            return WLType(T.host_type(type_id), type_id)
        return self._types["variant"]

    def _load(self, type_id: str) -> None:
        entry = get_catalog().types[type_id]
        if entry.module and type_id not in T.HOST_FACTORIES:
            importlib.import_module(f"wlmail.builtins.{entry.module}")

    def structure(self, name: str, **fields: WLType) -> WLType:
        """A ``STRUCTURE``: fields in declaration order, each with its type."""
        table = {fold(k): (k, t.vtype) for k, t in fields.items()}
        return WLType(T.struct_type(name, table), name)

    # ---- values --------------------------------------------------------------------------
    def new_array(self, *items: Any) -> WLArray:
        """``[a, b, c]``."""
        return WLArray("variant", list(items), (), True)

    def copy(self, value: Any) -> Any:
        return copy_value(value)

    def truth(self, value: Any) -> bool:
        """A value used as a condition."""
        return to_bool(value)

    def num(self, value: Any) -> Any:
        return to_num(value)

    def unpack(self, value: Any, count: int) -> list[Any]:
        return _unpack(value, count)

    # ---- operators -----------------------------------------------------------------------
    def add(self, a: Any, b: Any) -> Any:
        return ops.add(a, b)

    def sub(self, a: Any, b: Any) -> Any:
        return ops.sub(a, b)

    def mul(self, a: Any, b: Any) -> Any:
        return ops.mul(a, b)

    def div(self, a: Any, b: Any) -> Any:
        return ops.div(a, b)

    def modulo(self, a: Any, b: Any) -> Any:
        return ops.modulo(a, b)

    def power(self, a: Any, b: Any) -> Any:
        return ops.power(a, b)

    def neg(self, a: Any) -> Any:
        return ops.negate(a)

    def opt_concat(self, a: Any, b: Any) -> str:
        """``a + [b]``."""
        return ops.optional_concat(a, b)

    def compare(self, op: str, a: Any, b: Any) -> bool:
        """Any comparison operator of the language by name (``"CONTAINS"``, ``"FLEQ"``…)."""
        return ops.COMPARE[op](a, b)

    def eq(self, a: Any, b: Any) -> bool:
        return equals(a, b)

    def ne(self, a: Any, b: Any) -> bool:
        return not equals(a, b)

    def lt(self, a: Any, b: Any) -> bool:
        return ops.COMPARE["LT"](a, b)

    def le(self, a: Any, b: Any) -> bool:
        return ops.COMPARE["LE"](a, b)

    def gt(self, a: Any, b: Any) -> bool:
        return ops.COMPARE["GT"](a, b)

    def ge(self, a: Any, b: Any) -> bool:
        return ops.COMPARE["GE"](a, b)

    def contains(self, a: Any, b: Any) -> bool:
        """``a [=] b``."""
        return ops.COMPARE["CONTAINS"](a, b)

    def between(self, value: Any, low: Any, high: Any) -> bool:
        """``x = a À b``."""
        return ops.COMPARE["GE"](value, low) and ops.COMPARE["LE"](value, high)

    def in_list(self, value: Any, items: list[Any]) -> bool:
        """``x DANS (a, b)``."""
        return any(equals(value, item) for item in items)

    def both(self, a: Any, b: Any) -> bool:
        """``ET``: both sides are evaluated (the arguments), then combined."""
        return to_bool(a) and to_bool(b)

    def either(self, a: Any, b: Any) -> bool:
        """``OU``: both sides are evaluated."""
        return to_bool(a) or to_bool(b)

    def choose(self, index: Any, *values: Any, default: Any = "") -> Any:
        """``SELON(v, a, b, SINON c)``: the v-th value, 1-based."""
        i = to_int(index)
        return values[i - 1] if 1 <= i <= len(values) else default

    # ---- indexing and members ------------------------------------------------------------
    def at(self, obj: Any, *index: Any) -> Any:
        """``t[i]``, ``t[i, j]`` (1-based), ``s[i]`` (a character)."""
        if isinstance(obj, WLArray | WLAssoc):
            return obj.get(*index)
        if len(index) == 1:
            if isinstance(obj, str):
                return ops.substring(obj, "one", index[0], None)
            getter = getattr(obj, "wl_get_index", None)
            if getter is not None:
                return getter(index[0])
        raise WLFault("not_indexable", value=to_str(obj))

    def put(self, obj: Any, value: Any, *index: Any) -> None:
        """``t[i] = value``."""
        if isinstance(obj, WLArray | WLAssoc):
            obj.set(value, *index)
            return
        setter = getattr(obj, "wl_set_index", None)
        if setter is None:
            raise WLFault("not_indexable", value=to_str(obj))
        setter(value, *index)

    def chars(self, text: Any, kind: str, a: Any, b: Any = None) -> str:
        """``s[[i]]``, ``s[[i À j]]``, ``s[[i À]]``, ``s[[À j]]``, ``s[[i SUR n]]``."""
        return ops.substring(text, kind, a, b)

    def get(self, obj: Any, name: str) -> Any:
        """``obj.Property``."""
        return self.rt.get_member(obj, fold(name), name)

    def set(self, obj: Any, name: str, value: Any) -> None:
        """``obj.Property = value``."""
        self.rt.set_member(obj, fold(name), name, value)

    def call_method(self, obj: Any, name: str, *args: Any) -> Any:
        """``obj.Method(args)`` on an object."""
        return _call_method(self.rt, obj, fold(name), name, list(args))

    def call_value(self, callee: Any, *args: Any) -> Any:
        """A call through a variable that holds a procedure."""
        if callable(callee) and not isinstance(callee, Proc):
            return callee(*args)
        raise WLFault("not_callable", value=to_str(callee))

    # ---- loops ---------------------------------------------------------------------------
    def upto(self, start: Any, stop: Any, step: Any = 1) -> Iterator[Any]:
        """``POUR i = start À stop [PAS step]``, bounds read once."""
        i: Any = to_num(start)
        limit: Any = to_num(stop)
        inc: Any = to_num(step)
        while (inc >= 0 and i <= limit) or (inc < 0 and i >= limit):
            yield i
            i += inc

    def times(self, count: Any) -> range:
        """``BOUCLE(n)``."""
        return range(to_int(count))

    def each(
        self,
        source: Any,
        count: int = 1,
        sep: Any = None,
        types: tuple[WLType | None, ...] = (),
    ) -> Iterator[Any]:
        """``POUR TOUT x[, i] DE source [SÉPARÉE PAR sep]``: values, then index or key."""
        if types:
            count = len(types)
        for item in self._items(source, sep):
            values = list(item[:count]) + [None] * (count - len(item))
            if types:
                values = [t(v) if t is not None else v for t, v in zip(types, values, strict=True)]
            yield values[0] if count == 1 else tuple(values)

    def _items(self, src: Any, sep: Any) -> Iterable[tuple[Any, ...]]:
        if sep is not None:
            text = to_str(src)
            separators = [to_str(s) for s in sep.items] if isinstance(sep, WLArray) else [sep]
            pieces = [text]
            for s in separators:
                if to_str(s):
                    pieces = [p for piece in pieces for p in piece.split(to_str(s))]
            return [(p, i) for i, p in enumerate(pieces, 1)]
        if isinstance(src, WLArray):
            return ((src.items[i], i + 1) for i in range(len(src.items)))
        if isinstance(src, WLAssoc):
            return ((v, k, i) for i, (k, v) in enumerate(list(src.items.items()), 1))
        if isinstance(src, str):
            return [(c, i) for i, c in enumerate(src, 1)]
        raise WLFault("not_iterable", value=to_str(src))

    def variadic(self, args: tuple[Any, ...]) -> WLArray:
        """``MesParamètres`` of a procedure declared with ``(*)``."""
        return WLArray("variant", list(args), (), True)

    # ---- errors --------------------------------------------------------------------------
    def caught(self, err: WLRuntimeError) -> None:
        """Start of a ``QUAND EXCEPTION`` handler: ``ExceptionInfo`` describes ``err``."""
        self._locate(err, err.__traceback__)
        self.rt.exception = err

    def fault(self, msg_id: str, **values: Any) -> NoReturn:
        """Raise the fatal error ``msg_id`` of the catalog's messages."""
        self._fault(msg_id, **values)

    def unknown(self, name: str) -> NoReturn:
        """A name the script uses but does not define (an error when the line runs)."""
        self._fault("unknown_name", name=name, hint="")

    def unsupported(self, what: str) -> NoReturn:
        """A construct ``wlmail export`` could not express (exported with --allow-unsupported)."""
        raise WLFault("internal_error", error=f"not exported: {what}")

    def exit(self) -> NoReturn:
        """``RETOUR`` in the main code."""
        raise Exit()

    # ---- running -------------------------------------------------------------------------
    def run(
        self,
        main: Callable[[], Any],
        source: str,
        lang: str = "fr",
    ) -> NoReturn:
        """Run the exported main code like ``wlmail run`` and exit with its exit code."""
        sys.exit(self.execute(main, source, lang, sys.argv[1:]))

    def positions(self, table: dict[int, tuple[tuple[int, int, int], ...]]) -> None:
        """Where the statements of some program lines are in the WLangage script: for each
        statement, (its column in the program line, its WLangage line, its WLangage column)."""
        self._positions = table

    def execute(
        self,
        main: Callable[[], Any],
        source: str,
        lang: str = "fr",
        argv: list[str] | None = None,
        host: Host | None = None,
    ) -> int:
        """Run ``main`` with a fresh runtime; options as ``wlmail run`` takes them."""
        options = _options(argv or [])
        host = host or self.host_factory()
        host.options.update(
            connect_to=options.connect_to, cafile=options.cafile, timeout=options.timeout
        )
        self._rt = Runtime(host, options.lang or lang, source)
        self._bound.clear()
        try:
            if options.sandbox:
                self._sandbox(host, source, main, options.outbox)
            main()
            return EXIT_OK
        except Exit:
            return EXIT_OK
        except WLError as err:
            self._locate(err, err.__traceback__)
            text = self.sources.get(source) or _source_text(source, main)
            report(host, err, text or "", self.rt.lang)
            return EXIT_FATAL
        except RecursionError as exc:
            fault = WLFault("stack_overflow")
            self._locate(fault, exc.__traceback__)
            text = self.sources.get(source) or _source_text(source, main)
            report(host, fault, text or "", self.rt.lang)
            return EXIT_FATAL
        except KeyboardInterrupt:
            host.error([self.rt.msg("interrupted")])
            return EXIT_INTERRUPTED
        finally:
            host.close()

    def _sandbox(
        self, host: Host, source: str, main: Callable[[], Any], outbox: str | None
    ) -> None:
        """``--sandbox``: wlmail's embedded servers, found from the script's string literals."""
        from wlmail.sandbox.run import start_sandbox

        text = self.sources.get(source) or _source_text(source, main)
        if text is None:  # the WLangage script is not around: the program's own strings
            text = "\n".join(f'"{s}"' for s in _strings(main))
        start_sandbox(host, text, outbox)

    def _locate(self, err: WLError, tb: TracebackType | None) -> None:
        """The WLangage position of an error: the exported line is the WLangage line."""
        if isinstance(err, WLFault) and err.message == err.msg_id:
            err.message = self.rt.msg(err.msg_id, **err.values)
        if not err.filename:
            err.filename = self.rt.filename
        if err.line or tb is None:
            return
        frames = [f for f in traceback.extract_tb(tb) if not _is_ours(f.filename)]
        if not frames:
            return
        frame = frames[-1]
        line, column = frame.lineno or 0, frame.colno
        marks = self._positions.get(line)
        if marks:
            best = marks[0]
            for mark in marks:
                if column is not None and mark[0] <= column:
                    best = mark
            err.line, err.column = best[1], best[2]
            return
        err.line = line
        text = self.sources.get(self.rt.filename) or _source_text(self.rt.filename, None)
        lines = text.split("\n") if text else []
        own = lines[line - 1] if 0 < line <= len(lines) else ""
        err.column = len(own) - len(own.lstrip(" \t")) + 1


class _Lazy:
    """A constant whose value depends on the run (the global ``Email`` structure)."""

    __slots__ = ("get",)

    def __init__(self, get: Callable[[], Any]) -> None:
        self.get = get

    def __call__(self) -> Any:
        return self.get()


_OURS = (str(Path(__file__).resolve().parent.parent),)


def _is_ours(filename: str) -> bool:
    try:
        resolved = str(Path(filename).resolve())
    except OSError:
        return False
    return resolved.startswith(_OURS) or filename.startswith("<")


def _source_text(source: str, main: Callable[[], Any] | None) -> str | None:
    """The WLangage script, for the caret under an error (looked up as ``wlmail run`` names
    it, then next to the exported program)."""
    candidates = [Path(source)]
    code = getattr(main, "__code__", None)
    if code is not None:
        candidates.append(Path(code.co_filename).parent / Path(source).name)
    for path in candidates:
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
    return None


def _strings(main: Callable[[], Any]) -> list[str]:
    code = getattr(main, "__code__", None)
    if code is None:
        return []
    import ast

    try:
        tree = ast.parse(Path(code.co_filename).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return []
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _connect_to(spec: str) -> tuple[str, int, str, int]:
    parts = spec.rsplit(":", 3) if spec.count(":") >= 3 else []
    if len(parts) != 4 or not parts[2] or not parts[3].isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST1:PORT1:HOST2:PORT2, got {spec!r}")
    host1, port1, host2, port2 = parts
    return host1.strip("[]").lower(), int(port1) if port1 else 0, host2.strip("[]"), int(port2)


def _options(argv: list[str]) -> argparse.Namespace:
    """The options of ``wlmail run`` that an exported program also takes."""
    parser = argparse.ArgumentParser(description="An exported WLangage script.")
    parser.add_argument("--connect-to", action="append", type=_connect_to, default=[])
    parser.add_argument("--cafile")
    parser.add_argument("--timeout", type=float)
    parser.add_argument("--lang", choices=("fr", "en"))
    parser.add_argument("--sandbox", action="store_true")
    parser.add_argument("--outbox")
    return parser.parse_args(argv)


wl = Support()
