"""Dialog functions in a terminal (decision 8; question dialogs without a terminal: issue 15)."""

from __future__ import annotations

from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.errors import error_text
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLFault, to_int, to_str

YES, NO, CANCEL = 1, 0, 2


def build(fmt: str, args: tuple[Any, ...]) -> str:
    """``%1``…``%n`` replaced by the arguments (missing ones by ""), ``%%`` by ``%``."""
    out: list[str] = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c == "%" and i + 1 < n and fmt[i + 1] == "%":
            out.append("%")
            i += 2
            continue
        if c == "%" and i + 1 < n and fmt[i + 1].isdigit():
            j = i + 1
            while j < n and fmt[j].isdigit():
                j += 1
            k = int(fmt[i + 1 : j])
            out.append(to_str(args[k - 1]) if 1 <= k <= len(args) else "")
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


@builtin("info")
def info(rt: Runtime, *args: Any) -> None:
    rt.host.info([to_str(a) for a in args] or [""])


@builtin("info_build")
def info_build(rt: Runtime, fmt: Any, *args: Any) -> None:
    rt.host.info([build(to_str(fmt), args)])


@builtin("error")
def error(rt: Runtime, *args: Any) -> None:
    rt.host.outcome.errors_shown += 1  # a failure for `wlmail run --strict`
    rt.host.error([to_str(a) for a in args] if args else [error_text(rt, 0)])


@builtin("warning")
def warning(rt: Runtime, *args: Any) -> None:
    rt.host.error([to_str(a) for a in args])


@builtin("trace")
def trace(rt: Runtime, *args: Any) -> None:
    rt.host.trace(", ".join(to_str(a) for a in args))


def _question(rt: Runtime, args: tuple[Any, ...], default: Any) -> tuple[str, Any]:
    if len(args) > 1 and isinstance(args[0], int | bool) and not isinstance(args[1], int | bool):
        return "\n".join(to_str(a) for a in args[1:]), args[0]
    return "\n".join(to_str(a) for a in args), default


ANSWERS = ("no", "yes", "default")  # values of ``--answer`` (host option "answer")


def _ask(
    rt: Runtime, func: str, args: tuple[Any, ...], choices: list[tuple[str, Any]], default: Any
) -> Any:
    """Issue 15 overrules decision 8: without a terminal a question is never answered "yes"
    silently. ``--answer`` answers every question (echoed on stderr); otherwise a terminal asks;
    otherwise (cron, a pipe) it is a fatal error that names ``--answer``."""
    question, chosen = _question(rt, args, default)
    answer = rt.host.options.get("answer")
    if answer in ANSWERS:
        # yes: the first choice (Oui, OK); no: the second (Non, Annuler); default: the script's
        value = {"yes": choices[0][1], "no": choices[1][1]}.get(answer, chosen)
        label = next((lab for lab, v in choices if v == value), choices[0][0])
        rt.host.error([question, rt.msg("answer_given", answer=label)])
        return value
    shown = " ".join(question.split())
    name = rt.catalog.functions[func].name(rt.lang)
    if not rt.host.interactive:
        raise WLFault("dialog_no_terminal", name=name, question=shown)
    value = rt.host.ask(question, choices, chosen)
    if value is None:  # end of input (Ctrl-D): no answer is not a "yes"
        raise WLFault("dialog_no_answer", name=name, question=shown)
    return value


def _labels(rt: Runtime, *ids: str) -> list[str]:
    return [rt.catalog.constants[i].name(rt.lang) for i in ids]


@builtin("yes_no")
def yes_no(rt: Runtime, *args: Any) -> bool:
    yes, no = _labels(rt, "yes", "no")
    return bool(_ask(rt, "yes_no", args, [(yes, True), (no, False)], True))


@builtin("ok_cancel")
def ok_cancel(rt: Runtime, *args: Any) -> bool:
    cancel = _labels(rt, "cancel")[0]
    return bool(_ask(rt, "ok_cancel", args, [("OK", True), (cancel, False)], True))


@builtin("confirm")
def confirm(rt: Runtime, *args: Any) -> int:
    yes, no, cancel = _labels(rt, "yes", "no", "cancel")
    choices = [(yes, YES), (no, NO), (cancel, CANCEL)]
    return to_int(_ask(rt, "confirm", args, choices, YES))
