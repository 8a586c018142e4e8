"""``DateHeureDifférence``/``DateTimeDifference``: the legacy text form of an elapsed time.

The documentation gives the result as ``+/-DDDDDDHHMMSSCC`` and reads it with
``Gauche(Diff, 8)`` for the days and ``Milieu(Diff, 9, 2)`` for the hours: wlmail follows the
example (ruling): 16 characters, the days on 8 digits, the first one replaced by ``-`` when the
end is before the start.
"""

from __future__ import annotations

import re
from typing import Any

from wlmail.builtins import builtin
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLDate, WLDateTime, WLFault, to_str


def _moment(value: Any) -> WLDateTime:
    if isinstance(value, WLDateTime):
        return value
    if isinstance(value, WLDate):
        return WLDateTime.parse(value.wl_str())
    text = to_str(value).strip()
    if len(re.sub(r"\D", "", text)) < 8:
        raise WLFault("bad_date", value=text)
    try:
        return WLDateTime.parse(text)
    except (ValueError, WLFault):
        raise WLFault("bad_date", value=text) from None


@builtin("datetime_difference")
def datetime_difference(rt: Runtime, start: Any, end: Any) -> str:
    delta = _moment(end).value - _moment(start).value
    sign = "-" if delta.total_seconds() < 0 else ""
    total_cs = abs(delta.days * 8_640_000 + delta.seconds * 100 + delta.microseconds // 10_000)
    days, rest = divmod(total_cs, 8_640_000)
    hours, rest = divmod(rest, 360_000)
    minutes, rest = divmod(rest, 6_000)
    seconds, cs = divmod(rest, 100)
    width = 8 - len(sign)
    return f"{sign}{days:0{width}d}{hours:02d}{minutes:02d}{seconds:02d}{cs:02d}"
