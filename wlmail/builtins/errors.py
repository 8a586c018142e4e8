"""Non-fatal errors (``ErreurDétectée``/``ErreurInfo``) and exceptions (decision 7)."""

from __future__ import annotations

from typing import Any

from wlmail.builtins import builtin
from wlmail.errors import WLRuntimeError
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLFault, to_int, to_str

ERR_MESSAGE, ERR_CODE, ERR_SYSTEM_MESSAGE, ERR_SYSTEM_CODE, ERR_FULL = 1, 2, 3, 4, 19


def error_text(rt: Runtime, what: int) -> Any:
    err = rt.error
    if what == ERR_CODE:
        return err.code
    if what == ERR_SYSTEM_MESSAGE:
        return err.system
    if what == ERR_SYSTEM_CODE:
        return 0
    if what == ERR_FULL:
        parts = [err.message, err.system] if err.system else [err.message]
        if err.code:
            parts.append(f"#{err.code}")
        return "\r\n".join(p for p in parts if p)
    return err.message


@builtin("error_occurred")
def error_occurred(rt: Runtime) -> bool:
    rt.host.outcome.unseen_failure = ""  # the script looked: its failure is handled
    return rt.error.occurred


@builtin("error_info")
def error_info(rt: Runtime, what: Any = 0) -> Any:
    rt.host.outcome.unseen_failure = ""
    return error_text(rt, to_int(what))


@builtin("exception_info")
def exception_info(rt: Runtime, what: Any = 0) -> Any:
    exc = rt.exception
    if exc is None:
        return "" if to_int(what) != ERR_CODE else 0
    code = to_int(what)
    if code == ERR_CODE:
        return exc.number
    if code == ERR_FULL:
        where = f"{exc.filename}:{exc.line}:{exc.column}" if exc.line else ""
        return "\r\n".join(p for p in (exc.message, where) if p)
    return exc.message


@builtin("exception_throw")
def exception_throw(rt: Runtime, number: Any, *message: Any) -> None:
    text = " ".join(to_str(m) for m in message) or f"#{to_int(number)}"
    err = WLFault("user_exception", number=to_int(number), message=text)
    err.message = text
    raise err


@builtin("error_throw")
def error_throw(rt: Runtime, number: Any, message: Any = "") -> None:
    rt.fail(to_str(message), to_int(number))


@builtin("error_propagate")
def error_propagate(rt: Runtime, number: Any = None, message: Any = None) -> None:
    if number is None:
        rt.error.occurred = True
        return
    if message is None and isinstance(number, str):
        rt.fail(number, rt.error.code or 1)
        return
    rt.fail(to_str(message) if message is not None else rt.error.message, to_int(number))


@builtin("in_test_mode")
def in_test_mode(rt: Runtime) -> bool:
    return False


def is_user_exception(err: WLRuntimeError) -> bool:
    return err.code == "user_exception"
