"""What a typed property accepts (issue 15: ``Option = "TLS"`` must never mean plain text).

The catalog entry of a property gives its ``type`` and, where it matters, ``allowed`` (the only
constants it takes; with ``combine`` their values may also be added as bit flags) and ``range``
(lowest and highest number). The ruling (README, "Choices where the documentation is silent"):

* a number (``int``…) takes a number, a boolean (1/0), Null (0) or a string that is a number in
  full: ``Port = "587"`` is WLangage's implicit conversion and works; ``Port = "cinq"`` or ``""``
  is a fatal error, never 0;
* a boolean takes Vrai/Faux, a number (0 is Faux) or a numeric string; ``"Vrai"`` is an error;
* with ``allowed``, only those constants' values or their combinations: a string that is not a
  number, Null, a boolean (unless Vrai/Faux are listed) or any other number is an error.

At run time the error is a fatal error (exit 70, catchable by ``QUAND EXCEPTION``): an assignment
has no result to be ``Faux``. ``wlmail check`` reports the same message for a literal or a
constant on the right of ``=`` (:func:`static_problem`), before anything runs.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from wlmail.catalog import Entry, get_catalog
from wlmail.runtime.values import WLFault, format_number, to_num, val
from wlmail.syntax import nodes as n

__all__ = ["checked", "is_number_text", "static_problem"]

NUMERIC = frozenset({"int", "int8", "real", "numeric", "currency", "bool"})
_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?\s*")
_NO_VALUE = object()


def is_number_text(text: str) -> bool:
    """A string WLangage converts to a number without loss: digits, sign, ``.``/``,``, exponent."""
    return _NUMBER.fullmatch(text) is not None


def checked(entry: Entry, value: Any, lang: str) -> Any:
    """``value`` converted as the property ``entry`` takes it; WLFault when it cannot."""
    kind = type(value)
    if (kind is int or kind is bool) and not entry.allowed and not entry.bounds:
        return value  # the common case, first: a number or a boolean where one is expected
    if entry.allowed:
        return _constant(entry, value, lang)
    if entry.vtype not in NUMERIC:
        return value
    if isinstance(value, str):
        if not is_number_text(value):
            raise _fault(entry, value, lang)
        value = val(value)
    try:
        number = to_num(value)
    except WLFault:
        raise _fault(entry, value, lang) from None
    if entry.bounds and not entry.bounds[0] <= number <= entry.bounds[-1]:
        raise _fault(entry, value, lang, "property_range")
    return value


@cache
def _accepted(prop_id: str) -> tuple[frozenset[bool], frozenset[int], int]:
    """(booleans, numbers, bit mask of the numbers) of a property's ``allowed`` constants."""
    cat = get_catalog()
    values = [cat.constants[c].value for c in cat.properties[prop_id].allowed]
    numbers = frozenset(v for v in values if type(v) is int)
    mask = 0
    for v in numbers:
        mask |= v
    return frozenset(v for v in values if isinstance(v, bool)), numbers, mask


def _constant(entry: Entry, value: Any, lang: str) -> Any:
    booleans, numbers, mask = _accepted(entry.id)
    given = val(value) if isinstance(value, str) and is_number_text(value) else value
    if isinstance(given, bool):
        if given in booleans:
            return given
    elif isinstance(given, int | float | Decimal) and given == int(given):
        number = int(given)
        if number in numbers or (entry.combine and number >= 0 and not number & ~mask):
            return number
    raise _fault(entry, value, lang, "property_constant")


def _fault(
    entry: Entry, value: Any, lang: str, msg_id: str = "", shown: str | None = None
) -> WLFault:
    cat = get_catalog()
    if not msg_id:
        msg_id = "property_boolean" if entry.vtype == "bool" else "property_number"
    names = [cat.constants[c].name(lang) for c in entry.allowed]
    return WLFault(
        msg_id,
        owner=cat.types[entry.owner].name(lang),
        name=entry.name(lang),
        value=_shown(value, lang) if shown is None else shown,
        constants=", ".join(names),
        low=entry.bounds[0] if entry.bounds else "",
        high=entry.bounds[-1] if entry.bounds else "",
    )


def _shown(value: Any, lang: str) -> str:
    cat = get_catalog()
    if isinstance(value, bool):
        return cat.constants["true" if value else "false"].name(lang)
    if value is None:
        return cat.constants["null"].name(lang)
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:57] + "..."
    shown = getattr(value, "type_name", None)
    return str(shown() if callable(shown) else type(value).__name__)


# ---- wlmail check: what the right-hand side of ``obj.Prop = …`` tells before running -----------
def static_problem(entry: Entry, node: n.Node, lang: str, is_variable: bool) -> WLFault | None:
    """The error ``checked`` would raise for a literal or a constant value, or None.

    ``is_variable`` tells that a name is a variable (its value is not known before running).
    A constant that ``allowed`` does not list is refused even when its value happens to be
    accepted (``Option = emailPrioritéHaute`` is 1, emailProtocoleSMTPS's value, by chance).
    """
    value: Any = _NO_VALUE
    if isinstance(node, n.Str | n.Num):
        value = node.value
    elif isinstance(node, n.UnOp) and node.op in ("-", "MINUS") and isinstance(node.operand, n.Num):
        value = -node.operand.value
    elif isinstance(node, n.Name) and not is_variable:
        constant = get_catalog().constant(node.name)
        if constant is None:
            return None
        if entry.allowed and constant.id not in entry.allowed:
            return _fault(entry, None, lang, "property_constant", constant.name(lang))
        value = constant.value
        if isinstance(value, dict):
            if value.get("kind") != "null":
                return None  # the global Email structure and the like
            value = None
    if value is _NO_VALUE:
        return None
    try:
        checked(entry, value, lang)
    except WLFault as fault:
        return fault
    return None
